/**
 * Per-call cost of the native shim + pipe + runtime, measured through the compiled library
 * (build/Release/libOneTrans.so, `npm run build` first). Prints numbers; asserts nothing.
 *   - first call: starting the private Node runtime (new copy of the library each time);
 *   - round trip: MobileTrans with input the runtime rejects at once (000105), i.e. the pipe,
 *     the frame handling and the JSON parse, no HTTP;
 *   - pushMsg: a full call against the portal simulator on 127.0.0.1 (SM4 + SM3 + HTTP).
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import koffi from 'koffi';
import { cstTimestamp } from '../src/core/time.js';
import { startPortal } from '../src/portal/index.js';
import { measure, measureAsync, summarise, type Result } from './measure.js';

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

function load(libPath: string) {
  const lib = koffi.load(libPath);
  const mt = lib.func('const char *MobileTrans(const uint8_t *pInData, uint8_t *pOutData)');
  return {
    sync: (input: Buffer, out: Buffer) => mt(input, out) as string,
    async: (input: Buffer, out: Buffer) =>
      new Promise<string>((resolve, reject) => mt.async(input, out, (e: unknown, r: string) => (e ? reject(e) : resolve(r)))),
  };
}

export async function benchNative(): Promise<Result[]> {
  // ONETRANS_BENCH_DIR: another build's folder (library + bundle), to compare builds.
  const release = process.env.ONETRANS_BENCH_DIR || path.join(repoRoot(), 'build/Release');
  const libFile = path.join(release, 'libOneTrans.so');
  if (!existsSync(libFile) || !existsSync(path.join(release, 'onetrans-bridge.cjs'))) {
    throw new Error(`${libFile} or its onetrans-bridge.cjs is missing: run npm run build`);
  }
  const results: Result[] = [];
  const out = Buffer.alloc(8192);

  // First call = runtime start: each sample loads a fresh copy of the library.
  const starts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'onetrans-bench-'));
    cpSync(libFile, path.join(dir, 'libOneTrans.so'));
    for (const f of ['onetrans-bridge.cjs', 'onetrans-bridge-body.cjs']) cpSync(path.join(release, f), path.join(dir, f));
    const l = load(path.join(dir, 'libOneTrans.so'));
    const t0 = performance.now();
    l.sync(Buffer.from('x\0'), out);
    starts.push(performance.now() - t0);
    rmSync(dir, { recursive: true, force: true });
  }
  results.push(summarise('first call (runtime start)', starts));

  const lib = load(libFile);
  const notJson = Buffer.from('not json\0');
  results.push(measure('round trip, sync call (000105, no HTTP)', 5000, () => void lib.sync(notJson, out)));
  results.push(await measureAsync('round trip, koffi .async (000105, no HTTP)', 5000, () => lib.async(notJson, out)));

  const portal = await startPortal({ host: '127.0.0.1', port: 0 });
  try {
    let n = 0;
    const request = () =>
      Buffer.from(
        JSON.stringify({
          data: {
            serverAddr: `${portal.url}/api/amp/hos/pushMsg`,
            appId: 'zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN',
            appKey: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM',
            encryptType: 'SM4',
            signType: 'SM3',
            timestamp: cstTimestamp(),
            version: '1.0.0',
            hisCustId: '532494',
            appType: '01',
            medOrgOrd: `BENCH${Date.now()}${++n}`,
            orderStatus: 'MERCHANT_WAIT_PAY',
            orgCode: 'H46040100001',
            patientName: '周大鹏',
            idType: '02',
            idNo: '460029196507081627',
            pushType: 'HOSPITAL_PAYMENT',
            deptName: '总院牙体牙髓科',
            deptCode: 'BM00100',
            drName: '周小鹏',
            drNo: 'D460106007245',
            createTime: '2022-05-09 08:32:51',
          },
          orgId: 'H46010000000',
        }) + '\0',
      );
    results.push(await measureAsync('pushMsg end to end (portal on loopback)', 1000, () => lib.async(request(), out)));
  } finally {
    await portal.close();
  }
  return results;
}

