/**
 * `onetrans portal`: runs the portal simulator until SIGINT/SIGTERM (or `io.signal` aborts).
 * A thin wrapper over startPortal(); all behaviour lives in src/portal.
 */
import { type Command, InvalidArgumentError } from 'commander';
import {
  DEMO_APPS,
  DEMO_ORG_SECRET,
  checkPortalOptions,
  loadPortalConfig,
  parseAppSpec,
  startPortal,
  type PortalApp,
  type PortalHandle,
  type PortalOptions,
} from '../portal/index.js';
import { profileDiff } from '../core/profile.js';
import { readProfileFile } from './profile-file.js';
import { serveUntilStopped, startErrorText } from './serve-until-stopped.js';

export interface PortalCommandIo {
  /** Where the banner and request log go (default: stdout). */
  out?: (line: string) => void;
  /** Called once the simulator listens. */
  onStarted?: (portal: PortalHandle) => void;
  /** Stops the simulator when aborted (tests); SIGINT/SIGTERM always do. */
  signal?: AbortSignal;
}

interface CliOptions {
  host?: string;
  port?: number;
  app: PortalApp[];
  config?: string;
  refundDelay?: number;
  quiet?: boolean;
  profile?: string;
}

function nonNegativeInt(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} 须为非负整数 / ${name} must be a non-negative integer`);
    return Number(value);
  };
}

function collectApp(value: string, previous: PortalApp[]): PortalApp[] {
  try {
    return [...previous, parseAppSpec(value)];
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

/** The banner: URL, endpoints and the credentials that work out of the box (demo values from the spec only). */
export function portalBanner(portal: PortalHandle, extraApps: readonly PortalApp[], demoApps: boolean): string[] {
  const lines = [`AMP portal simulator listening on ${portal.url}`];
  lines.push(`  interfaces: ${portal.url}/api/amp/hos{${Object.values(portal.profile.suffixes).join(',')}}`);
  const diff = profileDiff(portal.profile);
  if (Object.keys(diff).length) lines.push(`  protocol profile (non-default): ${JSON.stringify(diff)}`);
  lines.push(`  simulator:  ${portal.url}/__sim/{trades,refunds,messages,faults}`);
  if (demoApps) {
    lines.push('  demo credentials (from the spec; appId / appSecret):');
    for (const a of DEMO_APPS) lines.push(`    ${a.appId} / ${a.appSecret}`);
    lines.push(`  demo orgSecret for getTradeFile: ${DEMO_ORG_SECRET}`);
  }
  // Secrets given on the command line or in a config file are never echoed.
  for (const a of extraApps) lines.push(`  configured appId: ${a.appId}${a.orgSecret ? ' (own orgSecret)' : ''}`);
  lines.push('  Ctrl+C to stop');
  return lines;
}

export function registerPortalCommand(program: Command, io: PortalCommandIo = {}): Command {
  return program
    .command('portal')
    .description('运行区域医保支付门户模拟器，供离线联调 / run the AMP portal simulator for offline testing')
    .option('--host <host>', '监听地址（默认 127.0.0.1） / address to listen on', '127.0.0.1')
    .option('--port <port>', '端口（0 = 任一空闲端口） / port (0 = any free port)', nonNegativeInt('--port'))
    .option('--app <appId:appSecret[:orgSecret]>', '另外接受此应用（可重复） / accept this app as well (repeatable)', collectApp, [] as PortalApp[])
    .option('--config <file>', 'JSON 配置文件 / JSON config file: {host, port, apps, refundDelayMs, downloadTtlMs, replayWindowSec, seedTrades, demoApps, publicUrl}')
    .option('--refund-delay <ms>', '退款保持 ING 的毫秒数，之后为 SUCCESS / how long (ms) a refund stays ING before SUCCESS', nonNegativeInt('--refund-delay'))
    .option('--profile <file.json>', '扮演需要此协议配置的门户（OneTrans.json 的 profile 块，见 docs/protocol.md） / play a portal that needs this protocol profile (the profile block of OneTrans.json; docs/protocol.md)')
    .option('--quiet', '不输出请求日志 / do not log requests')
    .action(async (opts: CliOptions, cmd: Command) => {
      const out = io.out ?? ((line: string) => process.stdout.write(line + '\n'));
      let portal: PortalHandle;
      let options: PortalOptions;
      try {
        const fromFile = opts.config ? await loadPortalConfig(opts.config) : {};
        // Command-line values win over the file; the host default only applies when neither sets it.
        const hostFromCli = cmd.getOptionValueSource('host') === 'cli';
        options = {
          ...fromFile,
          host: hostFromCli ? opts.host : (fromFile.host ?? opts.host),
          ...(opts.port !== undefined ? { port: opts.port } : {}),
          ...(opts.refundDelay !== undefined ? { refundDelayMs: opts.refundDelay } : {}),
          ...(opts.profile !== undefined ? { profile: readProfileFile(opts.profile) } : {}),
          apps: [...(fromFile.apps ?? []), ...opts.app],
          log: opts.quiet ? undefined : (line) => out(`${new Date().toISOString()} ${line}`),
        };
        checkPortalOptions(options, 'portal');
        portal = await startPortal(options);
      } catch (err) {
        // A bad config or a busy port is the user's to fix: a one-line error and exit code 2, no stack.
        return cmd.error(`onetrans portal: ${startErrorText(err)}`, { exitCode: 2, code: 'onetrans.portal.config' });
      }
      const banner = portalBanner(portal, options.apps ?? [], options.demoApps !== false);
      await serveUntilStopped(portal, banner, 'AMP portal simulator stopped', { out, onStarted: io.onStarted, signal: io.signal });
    });
}
