/**
 * `onetrans gateway`: the 前置机 service OneTrans.dll workstations call over the LAN
 * (docs/gateway-protocol.md). A thin wrapper over src/gateway; SIGTERM/SIGINT stop it
 * gracefully (no new connections, calls in flight answered).
 */
import type { Command } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { resolveGatewayConfig, startGatewayFromConfig, type Gateway } from '../gateway/index.js';
import { serveUntilStopped, startErrorText } from './serve-until-stopped.js';

export interface GatewayCommandIo {
  out?: (line: string) => void;
  onStarted?: (gateway: Gateway) => void;
  signal?: AbortSignal;
}

interface CliOptions {
  config?: string;
  listen?: string;
  keyFile?: string;
  health?: string;
}

const hostPort = (a: { host: string; port: number }) => (a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`);

export function registerGatewayCommand(program: Command, io: GatewayCommandIo = {}): Command {
  return program
    .command('gateway')
    .description('运行前置机服务，供各工作站的 OneTrans.dll 经局域网调用 / run the gateway (前置机) service that workstations\' OneTrans.dll call over the LAN')
    .option('--config <gateway.json>', '前置机配置文件 / gateway config: {listen, keyFile, health, allowedClients, oneTransConfig, maxRequestBytes, maxConnections, idleTimeoutMs}')
    .option('--listen <host:port>', '监听地址（端口 0 = 任一空闲端口；默认 0.0.0.0:7850） / address to listen on (port 0 = any free port; default 0.0.0.0:7850)')
    .option('--key-file <file>', '共享密钥文件（32 位十六进制） / file holding the shared key (32 hex digits)')
    .option('--health <host:port>', '健康检查 HTTP 地址（GET /health） / plain HTTP address for GET /health')
    .action(async (opts: CliOptions, cmd: Command) => {
      const out = io.out ?? ((line: string) => process.stdout.write(line + '\n'));
      let started: Awaited<ReturnType<typeof startGatewayFromConfig>>;
      try {
        const cfg = resolveGatewayConfig({ configFile: opts.config, listen: opts.listen, keyFile: opts.keyFile, health: opts.health });
        started = await startGatewayFromConfig(cfg, typeof pkg.version === 'string' ? pkg.version : '0.0.0');
      } catch (err) {
        return cmd.error(`onetrans gateway: ${startErrorText(err)}`, { exitCode: 2, code: 'onetrans.gateway.config' });
      }
      const { gateway, problems, logDir } = started;
      const banner = [`gateway listening on ${hostPort(gateway.address)}`];
      if (gateway.healthAddress) banner.push(`  health: http://${hostPort(gateway.healthAddress)}/health`);
      banner.push(`  log: ${logDir}`);
      for (const p of problems) banner.push(`  OneTrans.json: ${p}`);
      await serveUntilStopped(gateway, banner, 'gateway stopped', { out, onStarted: io.onStarted, signal: io.signal });
    });
}
