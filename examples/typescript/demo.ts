/**
 * `npm run demo`: the main job on the built-in simulator, end to end.
 *
 * 1. Starts the portal simulator on a free loopback port.
 * 2. Walks AMP_HOS_001..004 through the TypeScript API: pushMsg → refund → queryRefundResult
 *    → getTradeFile (download, SHA1 check, unzip), printing each request and response.
 * 3. Runs the legacy path: the spec's C++ example, compiled as build/Release/mobiletrans-demo,
 *    calling MobileTrans in build/Release/libOneTrans.so against the same simulator.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AmpClient } from '../../src/client/index.js';
import { cstDate, cstTimestamp } from '../../src/core/index.js';
import { downloadTradeFile } from '../../src/bill/fetch.js';
import { maskText } from '../../src/core/mask.js';
import { maskFields } from '../../src/spec/sensitive-fields.js';
import { DEMO_ORG_SECRET, startPortal } from '../../src/portal/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const show = (label: string, value: unknown) => console.log(`  ${label} ${JSON.stringify(maskFields(value))}`);
const step = (title: string) => console.log(`\n== ${title}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function runLegacyHarness(portalUrl: string): Promise<number> {
  const exe = join(root, 'build', 'Release', process.platform === 'win32' ? 'mobiletrans-demo.exe' : 'mobiletrans-demo');
  if (!existsSync(exe)) {
    console.log(`  ${exe} is missing: run \`npm install\` (or \`npm run build\`) first.`);
    return Promise.resolve(1);
  }
  console.log(`  $ ${exe} ${portalUrl}`);
  // Asynchronous on purpose: the simulator answering it lives in this very process.
  return new Promise((resolveExit) => {
    const child = spawn(exe, [portalUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => process.stdout.write(d.toString().replace(/^(?=.)/gm, '  | ')));
    child.stderr.on('data', (d: Buffer) => process.stderr.write(d.toString().replace(/^/gm, '  ! ')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      process.stdout.write('\n');
      resolveExit(code ?? 1);
    });
  });
}

async function main(): Promise<number> {
  const portal = await startPortal({ refundDelayMs: 500 });
  console.log(`AMP portal simulator listening on ${portal.url}`);
  const client = new AmpClient({
    url: `${portal.url}/api/amp/hos`,
    appId: 'St82fYdfk6ph4YiFpMwa4yw9TYr8wCmM',
    appSecret: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM',
    orgId: 'H35010200227',
  });
  let failures = 0;
  try {
    step('AMP_HOS_001 pushMsg 医疗消息推送');
    const push = {
      hisCustType: '01', hisCustId: '532494', phone: '13800000000', appType: '01',
      medOrgOrd: `ZL${Date.now()}`, orderStatus: 'MERCHANT_WAIT_PAY', orgCode: 'H35010200227',
      patientName: '周大鹏', idType: '01', idNo: '350205198708190150', pushType: 'HOSPITAL_PAYMENT',
      amount: '128.50', deptName: '其他内科', deptCode: '013423', drName: '周阿鹏', createTime: cstTimestamp(),
    };
    show('request ', push);
    const r1 = await client.common('/pushMsg', push);
    show('response', r1);
    if (!r1.success) failures++;

    step('AMP_HOS_002 refund 平台退款申请 (refundType 01: the self-paid part)');
    const trade = portal.ledger.listTrades().find((t) => t.orgCode === 'H35010200227' && t.psnCashPay > 0)!;
    const outRefundNo = `RF${Date.now()}`;
    const refund = {
      ampTraceId: trade.ampTraceId, traceId: trade.traceId, orgTraceNo: trade.orgTraceNo, orgCode: trade.orgCode,
      subOrgCode: trade.subOrgCode, refundReason: '患者取消检查', refundAmount: '10.00', refundType: '01',
      outRefundNo, orgRefundSn: `HIS${outRefundNo}`,
    };
    show('request ', refund);
    const r2 = await client.common<{ ampRefundId: string; tradeStatus: string }>('/refund', refund);
    show('response', r2);
    if (!r2.success) failures++;

    step('AMP_HOS_003 queryRefundResult 查询退款结果 (until it leaves ING)');
    const query = { orgCode: trade.orgCode, outRefundNo, ampRefundId: r2.param?.ampRefundId };
    show('request ', query);
    for (let i = 0; i < 20; i++) {
      const r3 = await client.common<{ tradeStatus: string }>('/queryRefundResult', query);
      show('response', r3);
      if (!r3.success) failures++;
      if (!r3.success || r3.param?.tradeStatus !== 'ING') break;
      await sleep(250);
    }

    step('AMP_HOS_004 getTradeFile 对账文件获取 (yesterday, ALL) + download + SHA1 + unzip');
    const bill = { orgCode: 'H35010200227', orgSecret: DEMO_ORG_SECRET, billDate: cstDate(new Date(Date.now() - 86_400_000)), billType: 'ALL' as const };
    show('request ', { ...bill, orgSecret: '******' });
    const file = await downloadTradeFile(client, bill, { outDir: mkdtempSync(join(tmpdir(), 'onetrans-demo-bill-')) });
    show('response', file.response);
    console.log(`  ${file.csvName}: ${file.zipBytes} bytes zipped, SHA1 verified; first lines:`);
    for (const line of readFileSync(file.csvPath, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).slice(0, 9)) console.log(`  | ${maskText(line)}`);

    step('Legacy path: the spec\'s C++ example through MobileTrans in libOneTrans.so');
    const code = await runLegacyHarness(portal.url);
    console.log(`  harness exit code ${code}`);
    if (code !== 0) failures++;
  } catch (e) {
    console.error(`demo failed: ${(e as Error).message}`);
    failures++;
  } finally {
    await client.close();
    await portal.close();
  }
  console.log(failures === 0 ? '\nAll steps succeeded.' : `\n${failures} step(s) failed.`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
