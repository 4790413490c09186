/**
 * `onetrans bill download` (AMP_HOS_004 to disk, verified) and `onetrans bill parse` (read a
 * trade file, print header, records and warnings). Exit codes: 0 the file was fetched / read
 * (warnings do not change that), 1 the portal or the network failed, 2 refused (bad zip,
 * zip-slip, bomb, digest mismatch, not a trade file) or a usage error.
 */
import type { Command } from 'commander';
import { AmpError } from '../core/errors.js';
import { AmpClient } from '../client/client.js';
import { BillError, type BillErrorReason } from '../bill/errors.js';
import { downloadTradeFile } from '../bill/fetch.js';
import { parseTradeFile } from '../bill/parse.js';
import { BILL_TYPES, type BillType } from '../spec/trade-file.js';
import { isValidDate } from '../core/time.js';
import { addClientOptions, clientOptionsFrom, flagOrEnv, formatProblems, type ClientFlagValues, type Problem } from './credentials.js';
import { parseText, streamParseJson } from './bill-output.js';

export interface BillCommandIo {
  out?: (s: string) => void;
  err?: (s: string) => void;
  exit?: (code: number) => void;
  env?: NodeJS.ProcessEnv;
  /** Raw output, no newline added (default process.stdout.write): `bill parse --json` streams through it. */
  write?: (s: string) => void;
  /** Progress goes here when it is a TTY (default process.stderr). */
  progress?: { isTTY?: boolean; write(s: string): unknown };
}

/** Refusals of the file itself: exit 2. Network and portal failures: exit 1. */
const REFUSED: ReadonlySet<BillErrorReason> = new Set(['DIGEST_MISMATCH', 'UNSUPPORTED_DIGEST', 'BAD_ZIP', 'NOT_ONE_CSV', 'ZIP_SLIP', 'ZIP_BOMB', 'BAD_ENCODING', 'NOT_TRADE_FILE', 'BAD_INPUT', 'TOO_LONG']);

export function exitCodeFor(err: unknown): number {
  if (err instanceof BillError) return REFUSED.has(err.reason) ? 2 : 1;
  return 1;
}

export function describeError(err: unknown): string {
  if (err instanceof BillError) return `[${err.code} ${err.reason}] ${err.messageZh}\n  ${err.messageEn}`;
  if (err instanceof AmpError) return `[${err.code}] ${err.messageZh}\n  ${err.messageEn}`;
  return String((err as Error)?.message ?? err);
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function registerBillCommand(program: Command, io: BillCommandIo = {}): Command {
  const out = io.out ?? ((s) => process.stdout.write(s + '\n'));
  const write = io.write ?? (io.out ? (s: string) => io.out!(s.replace(/\n$/, '')) : (s: string) => void process.stdout.write(s));
  const err = io.err ?? ((s) => process.stderr.write(s + '\n'));
  const exit = io.exit ?? ((c) => process.exit(c));
  const bill = program.command('bill').description('对账文件（AMP_HOS_004）下载与解析 / trade files: download and parse');

  const download = bill
    .command('download')
    .description('获取并校验对账文件（SHA1），解压出CSV / fetch a trade file, verify its SHA1, unpack the CSV');
  addClientOptions(download)
    .option('--date <yyyy-MM-dd>', '账单日期 / bill date')
    .option('--type <type>', '账单类型 ALL | REFUND | CONSUME', 'ALL')
    .option('--out <dir>', '保存目录 / output folder', '.')
    .option('--org-code <code>', '机构编号（环境变量 ONETRANS_ORG_CODE，默认同 orgId） / orgCode (env ONETRANS_ORG_CODE, default: the orgId)')
    .option('--sub-org-code <code>', '分院编号 / subOrgCode')
    .option('--org-secret <secret>', '机构获取对账文件秘钥，建议用环境变量 ONETRANS_ORG_SECRET / orgSecret; prefer env ONETRANS_ORG_SECRET')
    .option('--suffix <path>', '接口后缀，如 /getCheckFile（默认 /getTradeFile） / interface suffix, e.g. /getCheckFile')
    .option('--max-bytes <n>', '下载大小上限（字节） / download size cap in bytes')
    .addHelpText('after', '\n退出码 / exit code: 0 成功 / done, 1 门户或网络失败 / portal or network failure, 2 文件被拒绝或用法错误 / file refused or usage error')
    .action(async (o: ClientFlagValues & Record<string, string | undefined>) => {
      const env = io.env ?? process.env;
      const problems: Problem[] = [];
      const orgSecret = flagOrEnv(o.orgSecret, env, 'ONETRANS_ORG_SECRET');
      const type = String(o.type ?? 'ALL').toUpperCase();
      const options = clientOptionsFrom(o, {
        env,
        problems,
        alsoRequired: [
          { flag: '--date', present: typeof o.date === 'string', zh: '账单日期 yyyy-MM-dd', en: 'the bill date, yyyy-MM-dd' },
          { flag: '--org-secret（或 ONETRANS_ORG_SECRET）', present: orgSecret !== undefined, zh: '机构获取对账文件秘钥', en: 'the orgSecret for trade files' },
        ],
      });
      if (typeof o.date === 'string' && !isValidDate(o.date)) problems.push({ zh: '--date 须为 yyyy-MM-dd 的真实日期', en: '--date must be a real date, yyyy-MM-dd' });
      if (!(BILL_TYPES as readonly string[]).includes(type)) problems.push({ zh: '--type 只能是 ALL、REFUND 或 CONSUME', en: '--type must be ALL, REFUND or CONSUME' });
      if (o.suffix !== undefined && !/^\/[^/?#\s]+$/.test(o.suffix)) problems.push({ zh: '--suffix 须形如 /getCheckFile', en: '--suffix must look like /getCheckFile' });
      const maxBytes = o.maxBytes === undefined ? undefined : Number(o.maxBytes);
      if (maxBytes !== undefined && (!Number.isInteger(maxBytes) || maxBytes < 1)) problems.push({ zh: '--max-bytes 须为正整数', en: '--max-bytes must be a positive integer' });
      if (problems.length) {
        err(formatProblems('bill download', problems));
        return exit(2);
      }
      const orgCode = flagOrEnv(o.orgCode, env, 'ONETRANS_ORG_CODE') ?? options.orgId;
      const tty = io.progress ?? process.stderr;
      let client: AmpClient;
      try {
        client = new AmpClient(options);
      } catch (e) {
        err(`onetrans bill download: ${(e as Error).message}`);
        return exit(2);
      }
      try {
        const r = await downloadTradeFile(
          client,
          { orgCode, ...(o.subOrgCode ? { subOrgCode: o.subOrgCode } : {}), orgSecret: orgSecret!, billDate: o.date!, billType: type as BillType },
          {
            outDir: o.out ?? '.',
            ...(o.suffix ? { suffix: o.suffix } : {}),
            ...(maxBytes ? { maxDownloadBytes: maxBytes } : {}),
            onProgress: tty.isTTY ? (p) => tty.write(`\r下载中 / downloading ${kb(p.received)}${p.total ? ` / ${kb(p.total)}` : ''}   `) : undefined,
          },
        );
        if (tty.isTTY) tty.write('\n');
        out(JSON.stringify({ csvPath: r.csvPath, zipPath: r.zipPath, csvName: r.csvName, sha1: r.sha1, zipBytes: r.zipBytes, csvBytes: r.csvBytes, billType: r.response.billType ?? type }, null, 2));
        exit(0);
      } catch (e) {
        if (tty.isTTY) tty.write('\n');
        err(`onetrans bill download: ${describeError(e)}`);
        exit(exitCodeFor(e));
      } finally {
        await client.close();
      }
    });

  bill
    .command('parse')
    .description('读取对账文件（.zip 或 .csv），输出表头、明细和提示 / read a trade file (.zip or .csv): header, records, warnings')
    .argument('<file>', '对账文件 / the trade file (.zip | .csv)')
    .option('--json', '以 JSON 输出 / print JSON')
    .option('--no-mask', '不遮蔽证件号 / do not mask ID numbers')
    .addHelpText('after', '\n退出码 / exit code: 0 已读取（含提示） / read (warnings included), 2 文件被拒绝 / refused (bad zip, zip-slip, bomb, not a trade file)')
    .action(async (file: string, o: { json?: boolean; mask?: boolean }) => {
      try {
        if (o.json) await streamParseJson(file, o.mask !== false, write);
        else out(parseText(await parseTradeFile(file)));
        exit(0);
      } catch (e) {
        err(`onetrans bill parse: ${describeError(e)}`);
        exit(2);
      }
    });
  return bill;
}
