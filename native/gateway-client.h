/*
 * native/gateway-client.h — gateway mode: each MobileTrans call is one request to
 * `onetrans gateway` over the LAN (docs/gateway-protocol.md) instead of the local runtime.
 */
#ifndef ONETRANS_GATEWAY_CLIENT_H
#define ONETRANS_GATEWAY_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "locate.h"

/* The configuration, read from OneTrans.json once per process (gateway mode is decided once:
 * a HIS that changes "gateway" restarts). Never NULL. */
const ot_config *ot_gateway_config(void);

/*
 * One call through a gateway. outcap 0: MobileTrans (cfg->capacity). start: ot_now_ms() when
 * the call began; the call's one deadline is start + cfg->wait_ms, as in local mode.
 * Returns the code (static storage) with the answer or the shim's error in out.
 * Money rule: the request goes to another gateway (or another connection) only when not a byte
 * of it was written; after that any failure is 000002 "outcome unknown" and nothing is resent.
 */
const char *ot_gateway_call(const ot_config *cfg, const char *in, size_t inlen, char *out, size_t outcap, uint64_t start);

#endif
