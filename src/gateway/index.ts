/**
 * The 前置机 gateway: `onetrans gateway` serving OneTrans.dll workstations over the LAN.
 * docs/gateway-protocol.md (the hop), docs/windows/前置机部署.md (deployment).
 */
import { dirname } from 'node:path';
import { createMobileTrans, loadConfig } from '../mobiletrans/index.js';
import { DailyLog } from '../mobiletrans/log.js';
import { resolvePath } from '../mobiletrans/config.js';
import type { OutputEncoding } from '../mobiletrans/output.js';
import { resolveGatewayConfig, type ResolvedGatewayConfig } from './config.js';
import { GATEWAY_DEFAULTS, startGateway, type Gateway } from './server.js';

export { startGateway, GATEWAY_DEFAULTS, type Gateway, type GatewayOptions } from './server.js';
export { resolveGatewayConfig, parseHostPort, GatewayConfigError, DEFAULT_GATEWAY_PORT } from './config.js';
export * from './protocol.js';

/** Starts a gateway from resolved settings: the runtime from its OneTrans.json, the same central log. */
export async function startGatewayFromConfig(cfg: ResolvedGatewayConfig, version: string): Promise<{ gateway: Gateway; problems: string[]; logDir: string }> {
  const loaded = loadConfig({ libDir: dirname(cfg.oneTransConfig), configPath: cfg.oneTransConfig, env: {} });
  const runtime = createMobileTrans(loaded);
  const encoding: OutputEncoding = loaded.config.outputEncoding === 'gbk' ? 'gbk' : 'utf8';
  const logDir = resolvePath(loaded.baseDir, loaded.config.logDir);
  const log = new DailyLog(logDir, loaded.config.logLevel);
  const gateway = await startGateway({
    runtime,
    encoding,
    key: cfg.key,
    host: cfg.host,
    port: cfg.port,
    health: cfg.health,
    allowedClients: cfg.allowedClients,
    maxRequestBytes: cfg.maxRequestBytes,
    maxConnections: cfg.maxConnections,
    idleTimeoutMs: cfg.idleTimeoutMs,
    handshakeTimeoutMs: GATEWAY_DEFAULTS.handshakeTimeoutMs,
    version,
    log,
  });
  log.write('info', { event: 'gateway-listening', listen: `${gateway.address.host}:${gateway.address.port}` });
  return { gateway, problems: loaded.problems, logDir };
}
