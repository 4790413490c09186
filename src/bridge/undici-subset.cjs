'use strict'
/**
 * The part of undici the runtime uses (src/client/transport.ts: Agent, ProxyAgent, request), for
 * the bridge bundle only: tsup.config.ts aliases `undici` to this file there. undici's index
 * loads everything it offers (fetch, WebSocket, EventSource, caches, mocks…) on require: measured
 * with the shipped Node 22, +25 MB RSS / +13 MB private memory for the process, against +16 / +6
 * for these modules. A HIS process on a terminal server pays that once per session.
 * `request` is undici's own makeDispatcher(api.request) for the call shape transport.ts uses
 * (a URL string or URL, opts with a dispatcher); everything else is undici unchanged.
 */
const Agent = require('undici/lib/dispatcher/agent')
const ProxyAgent = require('undici/lib/dispatcher/proxy-agent')
const Dispatcher = require('undici/lib/dispatcher/dispatcher')
const api = require('undici/lib/api')
const util = require('undici/lib/core/util')
const { InvalidArgumentError } = require('undici/lib/core/errors')

// What undici's index does for every Dispatcher: ProxyAgent tunnels through .connect().
Object.assign(Dispatcher.prototype, api)

function request (url, opts, handler) {
  if (!url || (typeof url !== 'string' && typeof url !== 'object')) throw new InvalidArgumentError('invalid url')
  if (opts == null || typeof opts !== 'object' || !opts.dispatcher) {
    // The runtime always passes its own pool; anything else is a programming error here.
    throw new InvalidArgumentError('the bridge build of undici needs opts.dispatcher')
  }
  if (opts.agent) throw new InvalidArgumentError('unsupported opts.agent. Did you mean opts.client?')
  const parsed = util.parseURL(url)
  const { dispatcher } = opts
  return api.request.call(dispatcher, {
    ...opts,
    origin: parsed.origin,
    path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname,
    method: opts.method || (opts.body ? 'PUT' : 'GET')
  }, handler)
}

module.exports = { Agent, ProxyAgent, Dispatcher, request }
