import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AmpClient } from '../client/client.js';

export interface CallCommandIo {
  out?: (s: string) => void;
  err?: (s: string) => void;
  exit?: (code: number) => void;
}

/** `--data '{"a":1}'` or `--data @file.json` (`@-` reads standard input). */
export function readData(arg: string): unknown {
  const text = arg.startsWith('@') ? readFileSync(arg === '@-' ? 0 : arg.slice(1), 'utf8') : arg;
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Error(`--data 不是合法的JSON / --data is not valid JSON: ${(e as Error).message}`);
  }
}

export function registerCallCommand(program: Command, io: CallCommandIo = {}): Command {
  const out = io.out ?? ((s) => process.stdout.write(s + '\n'));
  const err = io.err ?? ((s) => process.stderr.write(s + '\n'));
  const exit = io.exit ?? ((c) => process.exit(c));
  return program
    .command('call')
    .description('call a portal interface through common() and print {success, respCode, respMsg, param}')
    .argument('<api>', 'pushMsg | refund | queryRefundResult | getTradeFile | /anySuffix')
    .requiredOption('--url <base>', 'gateway base URL, e.g. http://127.0.0.1:8080/api/amp/hos (a bare host gets /api/amp/hos)')
    .requiredOption('--app-id <id>', 'appId issued by the portal')
    .requiredOption('--app-secret <secret>', 'appSecret (the DLL calls it appKey)')
    .requiredOption('--org-id <orgId>', 'orgId issued by the portal')
    .requiredOption('--data <json>', 'business parameters: JSON text, @file.json or @- for stdin')
    .option('--validation <mode>', 'off | warn | strict', 'warn')
    .option('--connect-timeout <ms>', 'connect timeout in ms', '6000')
    .option('--read-timeout <ms>', 'read timeout in ms', '30000')
    .action(async (api: string, o: Record<string, string>) => {
      let data: unknown;
      try {
        data = readData(o.data!);
      } catch (e) {
        err((e as Error).message);
        exit(2);
        return;
      }
      // A base URL without a path is taken to be the portal root, as the simulator prints it.
      const url = /^https?:\/\/[^/]+\/?$/i.test(o.url!) ? `${o.url!.replace(/\/$/, '')}/api/amp/hos` : o.url!;
      let client: AmpClient;
      try {
        client = new AmpClient({
          url,
          appId: o.appId!,
          appSecret: o.appSecret!,
          orgId: o.orgId!,
          validation: o.validation as 'warn',
          connectTimeoutMs: Number(o.connectTimeout),
          readTimeoutMs: Number(o.readTimeout),
        });
      } catch (e) {
        err((e as Error).message);
        exit(2);
        return;
      }
      const suffix = api.startsWith('/') || /^https?:/i.test(api) ? api : `/${api}`;
      const r = await client.common(suffix, data);
      await client.close();
      out(JSON.stringify(r, null, 2));
      exit(r.respCode === '000000' ? 0 : 1);
    });
}
