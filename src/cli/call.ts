/**
 * `onetrans call <api>`: one portal call through AmpClient.common(), printed as the Java SDK's
 * {success, respCode, respMsg, param}. Exit code 0 on 000000, 1 when the portal or the network
 * said no, 2 for a usage error (all of them listed at once).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AmpClient } from '../client/client.js';
import { suggest } from '../client/options.js';
import { shown } from '../core/mask.js';
import { AMP_INTERFACES } from '../spec/index.js';
import { addClientOptions, clientOptionsFrom, formatProblems, readFlagFile, type ClientFlagValues, type Problem } from './credentials.js';

export interface CallCommandIo {
  out?: (s: string) => void;
  err?: (s: string) => void;
  exit?: (code: number) => void;
  /** Where credentials come from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** `--data '{"a":1}'` or `--data @file.json` (`@-` reads standard input): the text, or a problem. */
function readDataText(arg: string, problems: Problem[]): string | undefined {
  if (!arg.startsWith('@')) return arg;
  if (arg === '@-') {
    try {
      return readFileSync(0, 'utf8');
    } catch {
      problems.push({ zh: '--data @- 无法读取标准输入', en: '--data @- could not read standard input' });
      return undefined;
    }
  }
  return readFlagFile('--data', arg.slice(1), problems);
}

function parseData(arg: string, text: string, problems: Problem[]): unknown {
  const where = arg.startsWith('@') && arg !== '@-' ? `文件 ${shown(arg.slice(1))} ` : '';
  const whereEn = arg.startsWith('@') && arg !== '@-' ? ` in ${shown(arg.slice(1))}` : '';
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    // Node's message quotes the input; only the position is kept (errors never quote input).
    const pos = /position (\d+)/.exec((e as Error).message)?.[1];
    const at = pos !== undefined ? `（第 ${Number(pos) + 1} 个字符附近）` : '';
    const atEn = pos !== undefined ? ` (near character ${Number(pos) + 1})` : '';
    problems.push({
      zh: `--data ${where}不是合法的JSON${at}；示例：--data '{"orgCode":"H35010200227"}' 或 --data @params.json`,
      en: `--data${whereEn} is not valid JSON${atEn}; e.g. --data '{"orgCode":"H35010200227"}' or --data @params.json`,
    });
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ zh: `--data ${where}须为JSON对象（{…}）`, en: `--data${whereEn} must be a JSON object ({…})` });
    return undefined;
  }
  return value;
}

const API_NAMES = Object.keys(AMP_INTERFACES).map((s) => s.replace(/^\//, ''));

/** `pushMsg` → `/pushMsg`; a misspelt known name is a usage error with the name meant. */
function suffixFor(api: string, problems: Problem[]): string {
  if (api.startsWith('/') || /^https?:/i.test(api)) return api;
  if (!API_NAMES.includes(api)) {
    const hint = suggest(api, API_NAMES);
    if (hint) {
      problems.push({ zh: `未知接口 ${api}，是否应为 ${hint}？（其他路径请以 / 开头）`, en: `unknown interface ${api}; did you mean ${hint}? (start any other path with /)` });
    }
  }
  return `/${api}`;
}

export function registerCallCommand(program: Command, io: CallCommandIo = {}): Command {
  const out = io.out ?? ((s) => process.stdout.write(s + '\n'));
  const err = io.err ?? ((s) => process.stderr.write(s + '\n'));
  const exit = io.exit ?? ((c) => process.exit(c));
  const cmd = program
    .command('call')
    .description('调用门户接口并输出 {success, respCode, respMsg, param} / call a portal interface through common() and print {success, respCode, respMsg, param}')
    .argument('<api>', `${API_NAMES.join(' | ')} | /任意路径 /anySuffix`);
  addClientOptions(cmd)
    .option('--data <json>', '业务参数：JSON 文本、@文件.json 或 @-（标准输入） / business parameters: JSON text, @file.json or @- for stdin')
    .addHelpText(
      'after',
      [
        '',
        '环境变量 / environment: ONETRANS_URL ONETRANS_APP_ID ONETRANS_APP_SECRET ONETRANS_ORG_ID (flags win / 命令行参数优先)',
        '退出码 / exit code: 0 = 000000, 1 = 门户或网络失败 / portal or network failure, 2 = 用法错误 / usage error',
        '',
        '示例 / example:',
        '  export ONETRANS_URL=http://127.0.0.1:8080 ONETRANS_APP_ID=… ONETRANS_APP_SECRET=… ONETRANS_ORG_ID=…',
        "  onetrans call queryRefundResult --data '{\"orgCode\":\"H35010200227\",\"outRefundNo\":\"R1\"}'",
      ].join('\n'),
    )
    .action(async (api: string, o: ClientFlagValues & { data?: string }) => {
      const problems: Problem[] = [];
      const suffix = suffixFor(api, problems);
      let data: unknown;
      if (typeof o.data === 'string') {
        const text = readDataText(o.data, problems);
        if (text !== undefined) data = parseData(o.data, text, problems);
      }
      const options = clientOptionsFrom(o, {
        env: io.env,
        problems,
        onNote: (n) => err(`onetrans call: ${n.zh}\n  ${n.en}`),
        alsoRequired: [{ flag: '--data', present: typeof o.data === 'string', zh: '业务参数（JSON 或 @文件）', en: 'the business parameters (JSON or @file)' }],
      });
      if (problems.length) {
        err(formatProblems('call', problems));
        exit(2);
        return;
      }
      let client: AmpClient;
      try {
        client = new AmpClient(options);
      } catch (e) {
        err(`onetrans call: ${(e as Error).message}`);
        exit(2);
        return;
      }
      try {
        const r = await client.common(suffix, data);
        out(JSON.stringify(r, null, 2));
        if (!r.success) err(`onetrans call: ${r.respCode} ${r.respMsg}`);
        exit(r.respCode === '000000' ? 0 : 1);
      } finally {
        await client.close();
      }
    });
  return cmd;
}
