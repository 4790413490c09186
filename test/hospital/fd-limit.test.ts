// The reproduction as reported: a server process under `ulimit -n 256`, and 300 connections that
// send nothing. Without a cap and an idle timeout they exhaust its file descriptors (accept fails
// with EMFILE, nothing more is served, nor can it open its books); with them, the connections
// over the cap are closed as they arrive, the idle ones after idleTimeoutMs, and the server still
// answers. Runs the built package (dist/, as `npm install` and `npm run build` make it).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { accountRequest, postJson } from './helpers.js';

const ROOT = join(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist/index.js');

const SERVER = `
import { createHospitalServer } from ${JSON.stringify(pathToFileURL(DIST).href)};
const account = { mdtrt_cert_no: '35020519870808105X', mdtrt_cert_type: '02', patient_type: '00', balance: '12.50', psn_cert_type: '01',
  cert_no: '35020519870808105X', psn_name: '周大鹏', account_type: '01', phone: '17311113321' };
const his = await createHospitalServer({
  queryAccount: async () => account,
  queryUnsettleList: async () => ({ unsettlelist: [] }),
  rechargeSettle: async () => ({ result: 'fail', call_sn: '' }),
  querySettleResult: async () => ({ result: 'fail', call_sn: '' }),
}, { log: false, idleTimeoutMs: 1000 });
process.stdout.write('URL ' + his.url + '\\n');
`;

describe.skipIf(process.platform === 'win32' || !existsSync(DIST))('a hospital server under ulimit -n 256', () => {
  it('300 connections that send nothing: it closes them and keeps answering', async () => {
    // A dist/ older than the source would test old code: say so instead of failing obscurely.
    expect(readFileSync(DIST, 'utf8'), 'dist/ is older than src/: run npm run build').toContain('DEFAULT_MAX_CONNECTIONS');
    const child = spawn('bash', ['-c', 'ulimit -n 256 && exec "$0" --input-type=module -e "$1"', process.execPath, SERVER], { stdio: ['ignore', 'pipe', 'pipe'] });
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c));
    let exited = false;
    const exit = new Promise<void>((r) => child.on('exit', () => {
      exited = true;
      r();
    }));
    const sockets: Socket[] = [];
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c;
          const m = /URL (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
          if (m) resolve(m[1]!);
        });
        void exit.then(() => reject(new Error(`server exited: ${err}`)));
      });
      const port = Number(new URL(url).port);
      let closed = 0;
      for (let i = 0; i < 300; i++) {
        const s = connect(port, '127.0.0.1');
        s.on('error', () => {});
        s.on('close', () => closed++);
        sockets.push(s);
        await new Promise<void>((r) => {
          s.once('connect', () => r());
          s.once('close', () => r());
        });
      }
      // Over the cap at once, the rest after the idle timeout: all of them, within a bound.
      for (let t = 0; t < 250 && closed < 300; t++) await new Promise((r) => setTimeout(r, 40));
      expect(closed).toBe(300);
      expect(exited).toBe(false);
      expect((await postJson(`${url}/queryAccount`, accountRequest())).json.ret_code).toBe('00');
      expect(err).toBe('');
    } finally {
      for (const s of sockets) s.destroy();
      clearTimeout(killer);
      child.kill('SIGTERM');
      await exit;
    }
  });
});
