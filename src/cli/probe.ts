/**
 * `onetrans probe`: finds the protocol profile a real portal needs (src/client/probe.ts) and
 * prints it ready to paste. Exit code 0 when a working combination was found, 1 when not, 2 for
 * a usage error.
 */
import type { Command } from 'commander';
import { probeProfile, profileSnippets, type ProbeAttempt } from '../client/probe.js';
import { addClientOptions, clientOptionsFrom, formatProblems, type ClientFlagValues, type Problem } from './credentials.js';

export interface ProbeCommandIo {
  out?: (s: string) => void;
  err?: (s: string) => void;
  exit?: (code: number) => void;
  env?: NodeJS.ProcessEnv;
}

const SAFETY =
  '只发送只读的 AMP_HOS_003 queryRefundResult（查询一个不可能存在的退款单号 PROBE-<随机>），最多数次，每次新的时间戳；' +
  '绝不发送退款、消息推送或对账文件请求。 / Sends only read-only AMP_HOS_003 queryRefundResult requests for an outRefundNo ' +
  'that cannot exist (PROBE-<random>), a handful at most, each with a fresh timestamp; never a refund, a push or a trade-file request.';

function describe(a: ProbeAttempt): string {
  const s = a.settings;
  const parts = [`timestampFormat=${s.timestampFormat}`, `encDataNulls=${s.encDataNulls}`, `encDataAscii=${s.encDataAscii}`];
  if (s.sm2UserId !== undefined) parts.push(`sm2UserId=${s.sm2UserId}`);
  return `  ${a.code.padEnd(7)} ${parts.join(' ')}${a.message ? `  (${a.message.slice(0, 100)})` : ''}`;
}

export function registerProbeCommand(program: Command, io: ProbeCommandIo = {}): Command {
  const out = io.out ?? ((s) => process.stdout.write(s + '\n'));
  const err = io.err ?? ((s) => process.stderr.write(s + '\n'));
  const exit = io.exit ?? ((c) => process.exit(c));
  const cmd = program
    .command('probe')
    .description(`探测真实门户需要的协议配置（profile） / find the protocol profile a real portal needs. ${SAFETY}`);
  addClientOptions(cmd)
    .option('--org-code <code>', '机构编号（国标医院编码），作为查询的 orgCode / institution code, sent as the query\'s orgCode')
    .option('--max-requests <n>', '最多发送的请求数（默认 8） / at most this many requests (default 8)')
    .option('--json', '输出 JSON：{profile, tried, responseVerified} / print JSON: {profile, tried, responseVerified}')
    .addHelpText(
      'after',
      [
        '',
        SAFETY,
        '--profile 给出已知的设置（如 suffixes），探测从它们开始并原样保留 / --profile gives known settings (e.g. suffixes); the probe starts from them and keeps them.',
        '退出码 / exit code: 0 = 找到可用组合 / a working combination was found, 1 = 未找到 / none found, 2 = 用法错误 / usage error',
        '',
        '示例 / example:',
        '  export ONETRANS_URL=https://门户/api/amp/hos ONETRANS_APP_ID=… ONETRANS_APP_SECRET=… ONETRANS_ORG_ID=…',
        '  onetrans probe --org-code H35010200227',
      ].join('\n'),
    )
    .action(async (o: ClientFlagValues & { orgCode?: string; maxRequests?: string; json?: boolean }) => {
      const problems: Problem[] = [];
      const options = clientOptionsFrom(o, {
        env: io.env,
        problems,
        onNote: (n) => err(`onetrans probe: ${n.zh}\n  ${n.en}`),
        alsoRequired: [{ flag: '--org-code', present: typeof o.orgCode === 'string' && o.orgCode !== '', zh: '机构编号（orgCode）', en: 'the institution code (orgCode)' }],
      });
      let maxRequests: number | undefined;
      if (o.maxRequests !== undefined) {
        if (!/^\d+$/.test(o.maxRequests) || Number(o.maxRequests) < 1 || Number(o.maxRequests) > 20) {
          problems.push({ zh: '--max-requests 须为 1 到 20 的整数', en: '--max-requests must be an integer from 1 to 20' });
        } else maxRequests = Number(o.maxRequests);
      }
      if (problems.length) {
        err(formatProblems('probe', problems));
        exit(2);
        return;
      }
      if (!o.json) {
        out(`onetrans probe: ${options.url}`);
        out(`  ${SAFETY}`);
      }
      let result;
      try {
        result = await probeProfile({
          ...options,
          orgCode: o.orgCode!,
          ...(maxRequests ? { maxRequests } : {}),
          onAttempt: o.json ? undefined : (a) => out(describe(a)),
        });
      } catch (e) {
        err(`onetrans probe: ${(e as Error).message}`);
        exit(2);
        return;
      }
      if (o.json) {
        out(JSON.stringify({ profile: result.profile, tried: result.tried.map((t) => ({ settings: t.settings, code: t.code })), responseVerified: result.responseVerified }, null, 2));
      } else {
        out('');
        out(result.found ? '结果 / findings:' : '未找到可用组合 / no working combination found:');
        for (const f of result.findings) out(`  - ${f}`);
        if (result.found) {
          const { oneTransJson, ampClient } = profileSnippets(result.profile);
          out('');
          out(Object.keys(result.profile).length ? 'OneTrans.json:' : 'OneTrans.json（默认配置即可，无需 profile / the defaults work, no profile needed）:');
          out(oneTransJson.replace(/^/gm, '  '));
          out('AmpClient:');
          out(`  ${ampClient}`);
          out('onetrans call / portal:');
          out('  把上面的 profile 块存为 profile.json，用 --profile profile.json / save the block as profile.json and pass --profile profile.json');
        }
      }
      exit(result.found ? 0 : 1);
    });
  return cmd;
}
