/**
 * `npm run demo:hospital`: a whole payment and its refund, offline, with the commands a hospital
 * integrator types (each one a child process, printed before it runs):
 *
 *   onetrans hospital demo --port 0                     the reference HIS (ORG_001..009)
 *   onetrans portal --port 0 --refund-delay 0           the portal simulator (AMP_HOS_001..004)
 *   onetrans portal pay --his … --cert-no … --portal …  the portal's cashier pays a 医保 bill
 *   onetrans call refund …                              the hospital refunds it (AMP_HOS_002)
 *   onetrans call queryRefundResult …                   and checks the refund (AMP_HOS_003)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'bin', 'onetrans.js');
// The spec's example patient and demo credentials (public values from the spec).
const CERT_NO = '35020519870808105X';
// Credentials through the environment, as they should be (flags land in shell history and ps).
const APP_ENV = { ONETRANS_APP_ID: 'St82fYdfk6ph4YiFpMwa4yw9TYr8wCmM', ONETRANS_APP_SECRET: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM', ONETRANS_ORG_ID: 'H323498799997' };
const shown = (args: string[]) => args.map((a) => (a === CERT_NO ? '<cert_no>' : a.startsWith('{') ? `'${a}'` : a)).join(' ');

/** Starts a server command and resolves with the URL it prints on its first line. */
function startServer(args: string[], pattern: RegExp): Promise<{ url: string; child: ChildProcess }> {
  console.log(`\n$ onetrans ${shown(args)} &`);
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveUrl, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no URL from onetrans ${args[0]} within 20 s`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      const m = pattern.exec(text);
      if (m) {
        clearTimeout(timer);
        console.log(`  ${text.split('\n')[0]}`);
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolveUrl({ url: m[1]!, child });
      }
    });
    child.on('exit', (code) => reject(new Error(`onetrans ${args[0]} exited with ${code}`)));
  });
}

/** Runs a command to its end, echoing its output; resolves with the output and the exit code. */
function run(args: string[], env: Record<string, string> = {}): Promise<{ out: string; code: number }> {
  const prefix = Object.keys(env).map((k) => `${k}=${k === 'ONETRANS_APP_SECRET' ? '…' : env[k]} `).join('');
  console.log(`\n$ ${prefix}onetrans ${shown(args)}`);
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      process.stdout.write(d.toString().replace(/^(?=.)/gm, '  '));
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ out, code: code ?? 1 });
    });
  });
}

async function main(): Promise<number> {
  const his = await startServer(['hospital', 'demo', '--port', '0', '--quiet'], /listening on (http:\/\/\S+)/);
  const portal = await startServer(['portal', '--port', '0', '--refund-delay', '0', '--quiet'], /listening on (http:\/\/\S+)/);
  try {
    const pay = await run(['portal', 'pay', '--his', his.url, '--cert-no', CERT_NO, '--patient-type', '01', '--portal', portal.url]);
    const field = (name: string) => new RegExp(`\\b${name}=(\\S+)`).exec(pay.out)?.[1];
    const ids = { ampTraceId: field('amp_trace_id'), traceId: field('trace_id'), orgTraceNo: field('org_trace_no') };
    if (pay.code !== 0 || !ids.ampTraceId || !ids.traceId || !ids.orgTraceNo) {
      console.log('\n支付未成功，演示结束 / the payment did not succeed: stopping here');
      return 1;
    }
    const outRefundNo = `RF${Date.now()}`;
    const refund = {
      ...ids, orgCode: 'H323498799997', refundReason: '患者取消检查', refundType: '01',
      outRefundNo, orgRefundSn: `HIS${outRefundNo}`,
    };
    const r1 = await run(['call', 'refund', '--url', portal.url, '--data', JSON.stringify(refund)], APP_ENV);
    const r2 = await run(['call', 'queryRefundResult', '--url', portal.url, '--data', JSON.stringify({ orgCode: 'H323498799997', outRefundNo })], APP_ENV);
    const ok = r1.code === 0 && r2.code === 0 && /"tradeStatus":\s*"SUCCESS"/.test(r2.out);
    console.log(ok ? '\n支付与退款完成 / paid and refunded, end to end' : '\n退款未成功 / the refund did not succeed');
    return ok ? 0 : 1;
  } finally {
    his.child.kill('SIGTERM');
    portal.child.kill('SIGTERM');
  }
}

process.exitCode = await main().catch((e: Error) => {
  console.error(e.message);
  return 1;
});
