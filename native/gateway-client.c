/*
 * native/gateway-client.c — the library as a client of `onetrans gateway`
 * (docs/gateway-protocol.md; the other side is src/gateway/server.ts).
 *
 * A small pool of kept-alive connections per process. A connection is checked for a close
 * from the gateway before a request is written on it; a request goes to another gateway only
 * while none of its bytes has been written. Sockets are non-blocking and every wait has the
 * call's deadline. Windows: only ws2_32 functions Windows XP SP3 exports (select, not
 * WSAPoll); randomness from advapi32's RtlGenRandom, looked up at run time.
 */
#ifdef _WIN32
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0501
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
typedef SOCKET ot_sock;
#define OT_BAD_SOCK INVALID_SOCKET
#else
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
typedef int ot_sock;
#define OT_BAD_SOCK (-1)
#endif

#include "gateway-client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daily-log.h"
#include "errors.h"
#include "limits.gen.h"
#include "platform.h"
#include "runtime.h" /* g_lock, which ot_intern_code needs */
#include "sm-crypto.h"

#define HELLO_BYTES 52
#define HEADER_BYTES 12
#define TAG_BYTES 32
#define REQ_HEAD 9
#define POOL_MAX 4
#define HELLO_MSG_MAX 4096
/* docs/gateway-protocol.md: subtracted from the deadline a request carries. */
#define DEADLINE_GUARD_MS 100u
/* A pooled connection idle longer than this is closed rather than reused: well inside the
 * gateway's idle timeout, so the gateway never closes a connection we are about to use. */
#define IDLE_REUSE_MAX_MS 60000u

typedef struct gw_conn {
  struct gw_conn *next;
  ot_sock fd;
  int gw;            /* index in cfg->gateway_host */
  ot_sm4 enc_out, enc_in;
  unsigned char mac_out[32], mac_in[32];
  uint64_t seq_out, seq_in;
  uint64_t last_used;
  uint32_t max_request; /* the gateway's maxRequestBytes */
  uint32_t idle_ms;     /* the gateway's idleTimeoutMs */
} gw_conn;

static ot_mutex g_pool_lock = OT_MUTEX_INIT;
static gw_conn *g_pool;
static int g_pool_len;
static int g_preferred; /* the gateway that answered last: tried first */

/* ---- sockets ----------------------------------------------------------------------------- */

static void sock_close(ot_sock s) {
#ifdef _WIN32
  closesocket(s);
#else
  close(s);
#endif
}

static int sock_would_block(void) {
#ifdef _WIN32
  int e = WSAGetLastError();
  return e == WSAEWOULDBLOCK || e == WSAEINPROGRESS;
#else
  return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINPROGRESS || errno == EINTR;
#endif
}

/* 1 ready, 0 deadline passed, -1 error. */
static int sock_wait(ot_sock s, int for_write, uint64_t deadline) {
  for (;;) {
    uint64_t now = ot_now_ms();
    uint64_t left = deadline > now ? deadline - now : 0;
    if (left > 600000) left = 600000;
#ifdef _WIN32
    fd_set set, err;
    FD_ZERO(&set);
    FD_ZERO(&err);
    FD_SET(s, &set);
    FD_SET(s, &err);
    struct timeval tv;
    tv.tv_sec = (long)(left / 1000);
    tv.tv_usec = (long)(left % 1000) * 1000;
    int r = select(0, for_write ? NULL : &set, for_write ? &set : NULL, &err, &tv);
    if (r > 0) return FD_ISSET(s, &err) && !FD_ISSET(s, &set) ? -1 : 1;
    if (r == 0) {
      if (ot_now_ms() >= deadline) return 0;
      continue;
    }
    return -1;
#else
    struct pollfd p;
    p.fd = s;
    p.events = for_write ? POLLOUT : POLLIN;
    p.revents = 0;
    int r = poll(&p, 1, (int)left);
    if (r > 0) return 1; /* errors and hang-ups show up in the following send/recv */
    if (r == 0) {
      if (ot_now_ms() >= deadline) return 0;
      continue;
    }
    if (errno == EINTR) continue;
    return -1;
#endif
  }
}

static void set_nonblocking(ot_sock s) {
#ifdef _WIN32
  u_long on = 1;
  ioctlsocket(s, FIONBIO, &on);
#else
  int fl = fcntl(s, F_GETFL, 0);
  fcntl(s, F_SETFL, fl | O_NONBLOCK);
  fcntl(s, F_SETFD, FD_CLOEXEC);
#endif
  int one = 1;
  setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&one, sizeof one);
}

/* Connects within the deadline. OT_BAD_SOCK with a short reason on failure. */
static ot_sock sock_connect(const char *host, uint16_t port, uint64_t deadline, char *why, size_t whylen) {
  char service[8];
  snprintf(service, sizeof service, "%u", (unsigned)port);
  struct addrinfo hints, *res = NULL;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  if (getaddrinfo(host, service, &hints, &res) != 0 || !res) {
    snprintf(why, whylen, "cannot resolve the host name");
    return OT_BAD_SOCK;
  }
  ot_sock s = OT_BAD_SOCK;
  snprintf(why, whylen, "connection refused");
  for (struct addrinfo *a = res; a; a = a->ai_next) {
    s = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (s == OT_BAD_SOCK) continue;
    set_nonblocking(s);
    int r = connect(s, a->ai_addr, (int)a->ai_addrlen);
    if (r != 0 && sock_would_block()) {
      int w = sock_wait(s, 1, deadline);
      if (w == 1) {
        int err = 0;
#ifdef _WIN32
        int len = sizeof err;
#else
        socklen_t len = sizeof err;
#endif
        getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&err, &len);
        r = err == 0 ? 0 : -1;
      } else {
        snprintf(why, whylen, w == 0 ? "no connection within the connect timeout" : "connection failed");
        r = -1;
      }
    }
    if (r == 0) break;
    sock_close(s);
    s = OT_BAD_SOCK;
  }
  freeaddrinfo(res);
  return s;
}

/* Sends all of buf by the deadline. *sent: how many bytes went out. 0 ok, -1 failed. */
static int sock_send_all(ot_sock s, const unsigned char *buf, size_t len, uint64_t deadline, size_t *sent) {
  *sent = 0;
  while (*sent < len) {
    size_t chunk = len - *sent > (1u << 20) ? (1u << 20) : len - *sent;
#ifdef _WIN32
    int n = send(s, (const char *)buf + *sent, (int)chunk, 0);
#elif defined(MSG_NOSIGNAL)
    ssize_t n = send(s, buf + *sent, chunk, MSG_NOSIGNAL);
#else
    ssize_t n = send(s, buf + *sent, chunk, 0);
#endif
    if (n > 0) {
      *sent += (size_t)n;
      continue;
    }
    if (n < 0 && sock_would_block()) {
      if (sock_wait(s, 1, deadline) != 1) return -1;
      continue;
    }
    return -1;
  }
  return 0;
}

/* Reads exactly len bytes. 0 ok, -1 closed or error, -2 deadline. */
static int sock_recv_exact(ot_sock s, unsigned char *buf, size_t len, uint64_t deadline) {
  size_t got = 0;
  while (got < len) {
#ifdef _WIN32
    int n = recv(s, (char *)buf + got, (int)(len - got > (1u << 20) ? (1u << 20) : len - got), 0);
#else
    ssize_t n = recv(s, buf + got, len - got, 0);
#endif
    if (n > 0) {
      got += (size_t)n;
      continue;
    }
    if (n == 0) return -1;
    if (sock_would_block()) {
      int w = sock_wait(s, 0, deadline);
      if (w == 0) return -2;
      if (w < 0) return -1;
      continue;
    }
    return -1;
  }
  return 0;
}

/* 1 when an idle connection may carry a request: the gateway has neither closed it nor sent
 * anything (nothing is due on an idle connection, so readable means closed or broken). */
static int sock_alive(ot_sock s) {
#ifdef _WIN32
  fd_set set;
  FD_ZERO(&set);
  FD_SET(s, &set);
  struct timeval tv = {0, 0};
  int r = select(0, &set, NULL, NULL, &tv);
  return r == 0;
#else
  struct pollfd p;
  p.fd = s;
  p.events = POLLIN;
  p.revents = 0;
  int r = poll(&p, 1, 0);
  return r == 0;
#endif
}

#ifdef _WIN32
static ot_once g_wsa_once = OT_ONCE_INIT;
static int g_wsa_ok;
static void wsa_start(void) {
  WSADATA d;
  g_wsa_ok = WSAStartup(MAKEWORD(2, 2), &d) == 0;
}
#endif

/* Fresh random bytes for a nonce. 0 ok. */
static int random_bytes(unsigned char *buf, size_t len) {
#ifdef _WIN32
  /* RtlGenRandom (advapi32's SystemFunction036, on every Windows since XP), looked up at run
   * time so the DLL's import table stays kernel32 + ws2_32 + msvcrt. */
  typedef BOOLEAN(WINAPI * gen_fn)(PVOID, ULONG);
  static gen_fn gen;
  if (!gen) {
    HMODULE m = LoadLibraryA("advapi32.dll");
    if (m) gen = (gen_fn)(void (*)(void))GetProcAddress(m, "SystemFunction036");
  }
  return gen && gen(buf, (ULONG)len) ? 0 : -1;
#else
  FILE *f = fopen("/dev/urandom", "rbe");
  if (!f) return -1;
  size_t n = fread(buf, 1, len, f);
  fclose(f);
  return n == len ? 0 : -1;
#endif
}

/* ---- records ----------------------------------------------------------------------------- */

static void put_u32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
  p[2] = (unsigned char)(v >> 16);
  p[3] = (unsigned char)(v >> 24);
}

static uint32_t get_u32(const unsigned char *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static void put_u64(unsigned char *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_u64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}

static void iv_for(uint64_t seq, unsigned char iv[16]) {
  memset(iv, 0, 16);
  for (int i = 0; i < 8; i++) iv[i] = (unsigned char)(seq >> (56 - 8 * i));
}

static void hmac_label(const unsigned char *key, size_t keylen, const char *label, const unsigned char *a, size_t alen,
                       const unsigned char *b, size_t blen, unsigned char out[32]) {
  ot_hmac_sm3_ctx h;
  ot_hmac_sm3_init(&h, key, keylen);
  ot_hmac_sm3_update(&h, label, strlen(label));
  if (alen) ot_hmac_sm3_update(&h, a, alen);
  if (blen) ot_hmac_sm3_update(&h, b, blen);
  ot_hmac_sm3_final(&h, out);
}

/* Seals msg (len bytes, in place after a HEADER_BYTES gap: rec must hold HEADER + len + TAG). */
static void seal(gw_conn *c, unsigned char *rec, size_t len) {
  unsigned char iv[16];
  c->seq_out++;
  put_u32(rec, (uint32_t)len);
  put_u64(rec + 4, c->seq_out);
  iv_for(c->seq_out, iv);
  ot_sm4_ctr(&c->enc_out, iv, rec + HEADER_BYTES, rec + HEADER_BYTES, len);
  ot_hmac_sm3(c->mac_out, 32, rec, HEADER_BYTES + len, rec + HEADER_BYTES + len);
}

/* Reads one record of at most max bytes; returns its plaintext (malloc'd, *len) or NULL:
 * *why -1 closed/error, -2 deadline, -3 does not authenticate / out of order / too long. */
static unsigned char *open_record(gw_conn *c, size_t max, uint64_t deadline, size_t *len, int *why) {
  unsigned char head[HEADER_BYTES];
  int r = sock_recv_exact(c->fd, head, HEADER_BYTES, deadline);
  if (r != 0) {
    *why = r;
    return NULL;
  }
  uint32_t n = get_u32(head);
  if (n > max) {
    *why = -3;
    return NULL;
  }
  unsigned char *buf = malloc(HEADER_BYTES + (size_t)n + TAG_BYTES + 1);
  if (!buf) {
    *why = -1;
    return NULL;
  }
  memcpy(buf, head, HEADER_BYTES);
  r = sock_recv_exact(c->fd, buf + HEADER_BYTES, (size_t)n + TAG_BYTES, deadline);
  if (r != 0) {
    free(buf);
    *why = r;
    return NULL;
  }
  unsigned char tag[32], iv[16];
  ot_hmac_sm3(c->mac_in, 32, buf, HEADER_BYTES + n, tag);
  uint64_t seq = get_u64(head + 4);
  if (ot_ct_diff(tag, buf + HEADER_BYTES + n, 32) || seq != c->seq_in + 1) {
    free(buf);
    *why = -3;
    return NULL;
  }
  c->seq_in = seq;
  iv_for(seq, iv);
  ot_sm4_ctr(&c->enc_in, iv, buf + HEADER_BYTES, buf, n); /* plaintext to the start */
  *len = n;
  return buf;
}

static void conn_free(gw_conn *c) {
  if (!c) return;
  if (c->fd != OT_BAD_SOCK) sock_close(c->fd);
  ot_wipe(c, sizeof *c);
  free(c);
}

/* A small number from the hello's JSON ({"capacity":…,"maxRequestBytes":…}); fallback when absent. */
static uint32_t hello_number(const char *json, const char *key, uint32_t fallback) {
  long v = ot_json_number(json, key);
  return v > 0 ? (uint32_t)v : fallback;
}

/* Connects to gateway i and does the handshake. NULL with why (the request has not left). */
static gw_conn *conn_open(const ot_config *cfg, int i, uint64_t deadline, char *why, size_t whylen) {
  uint64_t now = ot_now_ms();
  uint64_t cdl = now + cfg->connect_ms < deadline ? now + cfg->connect_ms : deadline;
  char reason[96];
  ot_sock s = sock_connect(cfg->gateway_host[i], cfg->gateway_port[i], cdl, reason, sizeof reason);
  if (s == OT_BAD_SOCK) {
    snprintf(why, whylen, "%s", reason);
    return NULL;
  }
  gw_conn *c = calloc(1, sizeof *c);
  if (!c) {
    sock_close(s);
    snprintf(why, whylen, "out of memory");
    return NULL;
  }
  c->fd = s;
  c->gw = i;
  unsigned char hello[HELLO_BYTES], nonce_c[16], peer[HELLO_BYTES], tag[32];
  if (random_bytes(nonce_c, 16) != 0) {
    snprintf(why, whylen, "no source of random numbers");
    conn_free(c);
    return NULL;
  }
  memcpy(hello, "OTG1", 4);
  memcpy(hello + 4, nonce_c, 16);
  hmac_label(cfg->gateway_key, 16, "onetrans-gateway client hello", nonce_c, 16, NULL, 0, hello + 20);
  size_t sent;
  /* The handshake has the connect timeout too: a gateway that accepts but never answers is
   * as good as unreachable, and the request has not left yet. */
  uint64_t hdl = ot_now_ms() + cfg->connect_ms < deadline ? ot_now_ms() + cfg->connect_ms : deadline;
  int r = sock_send_all(s, hello, HELLO_BYTES, hdl, &sent);
  if (r == 0) r = sock_recv_exact(s, peer, HELLO_BYTES, hdl);
  if (r != 0) {
    snprintf(why, whylen, r == -2 ? "no handshake within the connect timeout" : "the gateway closed the connection at the handshake (is gatewayKey the same as the gateway's key?)");
    conn_free(c);
    return NULL;
  }
  hmac_label(cfg->gateway_key, 16, "onetrans-gateway server hello", nonce_c, 16, peer + 4, 16, tag);
  if (memcmp(peer, "OTG1", 4) != 0 || ot_ct_diff(tag, peer + 20, 32)) {
    snprintf(why, whylen, "the peer did not prove it holds gatewayKey (not a OneTrans gateway, or another key)");
    conn_free(c);
    return NULL;
  }
  unsigned char sk[32], k[32];
  hmac_label(cfg->gateway_key, 16, "onetrans-gateway session", nonce_c, 16, peer + 4, 16, sk);
  hmac_label(sk, 32, "c2s enc", NULL, 0, NULL, 0, k);
  ot_sm4_set_key(&c->enc_out, k);
  hmac_label(sk, 32, "c2s mac", NULL, 0, NULL, 0, c->mac_out);
  hmac_label(sk, 32, "s2c enc", NULL, 0, NULL, 0, k);
  ot_sm4_set_key(&c->enc_in, k);
  hmac_label(sk, 32, "s2c mac", NULL, 0, NULL, 0, c->mac_in);
  ot_wipe(sk, sizeof sk);
  ot_wipe(k, sizeof k);
  size_t len = 0;
  int rw = 0;
  unsigned char *msg = open_record(c, HELLO_MSG_MAX, hdl, &len, &rw);
  if (!msg || len < 2 || msg[0] != 'H') {
    snprintf(why, whylen, "no valid hello from the gateway");
    free(msg);
    conn_free(c);
    return NULL;
  }
  msg[len] = 0;
  const char *json = (const char *)msg + 1;
  c->max_request = hello_number(json, "maxRequestBytes", 1u << 20);
  c->idle_ms = hello_number(json, "idleTimeoutMs", 300000u);
  free(msg);
  return c;
}

/* ---- the pool ---------------------------------------------------------------------------- */

/* A live pooled connection, or NULL. Dead or stale ones are closed on the way. */
static gw_conn *pool_take(void) {
  for (;;) {
    ot_mutex_lock(&g_pool_lock);
    gw_conn *c = g_pool;
    if (c) {
      g_pool = c->next;
      g_pool_len--;
    }
    ot_mutex_unlock(&g_pool_lock);
    if (!c) return NULL;
    uint32_t max_idle = c->idle_ms / 2 < IDLE_REUSE_MAX_MS ? c->idle_ms / 2 : IDLE_REUSE_MAX_MS;
    if (ot_now_ms() - c->last_used <= max_idle && sock_alive(c->fd)) return c;
    conn_free(c);
  }
}

static void pool_put(gw_conn *c) {
  c->last_used = ot_now_ms();
  ot_mutex_lock(&g_pool_lock);
  g_preferred = c->gw;
  if (g_pool_len < POOL_MAX) {
    c->next = g_pool;
    g_pool = c;
    g_pool_len++;
    c = NULL;
  }
  ot_mutex_unlock(&g_pool_lock);
  conn_free(c);
}

/* ---- the call ---------------------------------------------------------------------------- */

static ot_once g_cfg_once = OT_ONCE_INIT;
static ot_config *g_cfg;
static void load_cfg(void) {
  g_cfg = calloc(1, sizeof *g_cfg);
  if (g_cfg) ot_config_load(g_cfg);
}

const ot_config *ot_gateway_config(void) {
  static ot_config empty;
  ot_call_once(&g_cfg_once, load_cfg);
  return g_cfg ? g_cfg : &empty;
}

/* Copies an answer message ('A' code NUL output) into out. */
static const char *deliver(const unsigned char *msg, size_t len, char *out, size_t outcap, int gbk) {
  const unsigned char *nul = len > 1 ? memchr(msg + 1, 0, len - 1) : NULL;
  if (msg[0] != 'A' || !nul) return ot_write_error(out, outcap, OT_MSG_GW_BAD_ANSWER, "not an answer", gbk);
  size_t codelen = (size_t)(nul - msg - 1);
  size_t outlen = len - codelen - 2;
  if (outlen + 1 > outcap) {
    char d[96];
    snprintf(d, sizeof d, "need %lu bytes, have %lu", (unsigned long)(outlen + 1), (unsigned long)outcap);
    return ot_write_error(out, outcap, OT_MSG_OUT_TOO_SMALL, d, gbk);
  }
  const char *code = ot_intern_code((const char *)msg + 1, codelen);
  memcpy(out, nul + 1, outlen);
  out[outlen] = 0;
  return code;
}

static const char *gateway_call(const ot_config *cfg, const char *in, size_t inlen, char *out, size_t outcap, uint64_t start,
                                const char *refund_no, ot_msg *lib_msg);

/* Every answer the library gives itself in gateway mode is also a daily-log line, and an
 * "outcome unknown" one names the request's outRefundNo (docs/frame-protocol.md, Deadlines),
 * as in local mode. */
const char *ot_gateway_call(const ot_config *cfg, const char *in, size_t inlen, char *out, size_t outcap, uint64_t start) {
  char iface[64], org_id[64], refund_no[64];
  iface[0] = org_id[0] = refund_no[0] = 0;
  if (inlen <= (1u << 20)) ot_log_request_fields(in, iface, org_id, refund_no, sizeof refund_no);
  ot_msg lib_msg = OT_MSG_COUNT;
  const char *code = gateway_call(cfg, in, inlen, out, outcap, start, refund_no, &lib_msg);
  if (lib_msg != OT_MSG_COUNT && cfg->log_on) {
    ot_log_call line = {iface, org_id, refund_no, ot_now_ms() - start, code, lib_msg, "", 0};
    ot_log_library_call(cfg->log_dir, &line);
  }
  return code;
}

/* The library's own error: remembered for the log line. */
#define LIB_ERROR(id, detail) (*lib_msg = (id), ot_write_error(out, outcap, (id), (detail), gbk))
#define LIB_UNKNOWN(id, detail) (*lib_msg = (id), ot_write_unknown(out, outcap, (id), (detail), refund_no, gbk))

static const char *gateway_call(const ot_config *cfg, const char *in, size_t inlen, char *out, size_t outcap, uint64_t start,
                                const char *refund_no, ot_msg *lib_msg) {
  if (outcap == 0) outcap = cfg->capacity;
  int gbk = cfg->gbk;
  if (cfg->gateway_problem[0]) return LIB_ERROR(OT_MSG_GW_CONFIG, cfg->gateway_problem);
#ifdef _WIN32
  ot_call_once(&g_wsa_once, wsa_start);
  if (!g_wsa_ok) return LIB_ERROR(OT_MSG_GW_UNREACHABLE, "WSAStartup failed");
#endif
  uint64_t deadline = start + cfg->wait_ms;
  /* Sealed before anything is sent: out may be the caller's input buffer. */
  size_t reclen = HEADER_BYTES + REQ_HEAD + inlen + TAG_BYTES;
  unsigned char *rec = malloc(reclen);
  if (!rec) return LIB_ERROR(OT_MSG_GW_UNREACHABLE, "out of memory");
  char why[OT_GATEWAYS_MAX * (OT_GATEWAY_HOST_MAX + 120)];
  why[0] = 0;
  const char *code = NULL;
  gw_conn *c = NULL;
  int fresh_tries = 0;
  for (;;) {
    /* 1. A connection: a live pooled one, else a new one, gateway by gateway. */
    c = pool_take();
    if (!c) {
      ot_mutex_lock(&g_pool_lock);
      int first = g_preferred;
      ot_mutex_unlock(&g_pool_lock);
      size_t w = strlen(why);
      for (int k = 0; k < cfg->gateway_count && !c; k++) {
        int i = (first + k) % cfg->gateway_count;
        char one[200];
        if (ot_now_ms() >= deadline) break;
        c = conn_open(cfg, i, deadline, one, sizeof one);
        if (!c && w < sizeof why - 1) {
          snprintf(why + w, sizeof why - w, "%s%s:%u: %s", w ? "; " : "", cfg->gateway_host[i], (unsigned)cfg->gateway_port[i], one);
          w = strlen(why);
        }
      }
      if (!c) {
        code = LIB_ERROR(OT_MSG_GW_UNREACHABLE, why[0] ? why : "no time left");
        break;
      }
    }
    /* 2. Too long for this gateway: refused before a byte is sent. */
    if (inlen > c->max_request) {
      char d[96];
      snprintf(d, sizeof d, "%lu bytes, the gateway takes at most %lu", (unsigned long)inlen, (unsigned long)c->max_request);
      pool_put(c);
      c = NULL;
      code = LIB_ERROR(OT_MSG_IN_TOO_LONG, d);
      break;
    }
    /* 3. The request, with what is left of the deadline. */
    /* What is left of the deadline, less a guard for the trip over the LAN: the gateway's own
     * deadline (arrival + left) then falls before ours, so it never starts a request we have
     * already given up on. Less than the guard left: 0, which the gateway refuses unsent. */
    uint64_t now = ot_now_ms();
    uint32_t left = now + DEADLINE_GUARD_MS < deadline ? (uint32_t)(deadline - now - DEADLINE_GUARD_MS) : 0;
    rec[HEADER_BYTES] = 'Q';
    put_u32(rec + HEADER_BYTES + 1, left);
    put_u32(rec + HEADER_BYTES + 5, (uint32_t)(outcap > 0xFFFFFFFFu ? 0xFFFFFFFFu : outcap));
    memcpy(rec + HEADER_BYTES + REQ_HEAD, in, inlen);
    uint64_t seq_before = c->seq_out;
    seal(c, rec, REQ_HEAD + inlen);
    size_t sent = 0;
    if (sock_send_all(c->fd, rec, reclen, deadline, &sent) != 0) {
      if (sent == 0 && fresh_tries++ < 2) {
        /* Nothing left: the connection was dead after all. Another one may carry it. */
        c->seq_out = seq_before;
        conn_free(c);
        c = NULL;
        continue;
      }
      code = LIB_UNKNOWN(OT_MSG_GW_LOST, "");
      break;
    }
    /* 4. The answer. From here on nothing is ever resent. */
    size_t len = 0;
    int rw = 0;
    unsigned char *msg = open_record(c, outcap + 16, deadline, &len, &rw);
    if (!msg) {
      char d[64];
      if (rw == -2) snprintf(d, sizeof d, "no answer within %u ms", (unsigned)cfg->wait_ms);
      else d[0] = 0;
      code = LIB_UNKNOWN(rw == -2 ? OT_MSG_GW_NO_ANSWER : rw == -3 ? OT_MSG_GW_BAD_ANSWER : OT_MSG_GW_LOST, d);
      break;
    }
    ot_mutex_lock(&g_lock);
    code = deliver(msg, len, out, outcap, gbk);
    ot_mutex_unlock(&g_lock);
    ot_wipe(msg, len);
    free(msg);
    pool_put(c);
    c = NULL;
    break;
  }
  conn_free(c); /* a connection that failed mid-call is never reused */
  ot_wipe(rec, reclen);
  free(rec);
  return code;
}
