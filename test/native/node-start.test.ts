/**
 * Issue 14: when node cannot start, or dies before its hello, the 000002 message says why in
 * words an IT person can act on: how it ended, this machine's OS, the Node.js version needed
 * and where "nodePath" goes (OneTrans.json beside the library), in Chinese and English, in
 * UTF-8 or GBK like every message of the library.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { MIN_NODE_VERSION } from '../../src/core/limits.js';
import { cstr, loadOneTrans, outText } from './koffi-lib.js';
import { LIB_PATH } from './helpers.js';
import { useStagedLibraries } from '../helpers/fake-bridge.js';

const stage = useStagedLibraries();

/** A library folder whose node (beside the library) is `script`. */
async function callWithNode(script: string | null, config: Record<string, unknown> = {}): Promise<{ dir: string; code: string; out: Buffer }> {
  const dir = stage(true, { 'OneTrans.json': JSON.stringify(config) });
  if (script !== null) writeFileSync(path.join(dir, 'node'), script, { mode: 0o755 });
  const out = Buffer.alloc(8192);
  const code = await loadOneTrans(path.join(dir, path.basename(LIB_PATH))).mobileTrans(cstr('{"echo":1}'), out);
  return { dir, code, out };
}

const THIS_OS = `${os.type()} ${os.release()}`;

describe('when node cannot start', () => {
  it('a node that exits at once: how it ended, the OS, the version needed, where nodePath goes', async () => {
    const { dir, code, out } = await callWithNode('#!/bin/sh\nexit 3\n');
    expect(code).toBe('000002');
    const { message } = JSON.parse(outText(out));
    const cfg = path.join(dir, 'OneTrans.json');
    expect(message).toMatch(/^运行时无法启动 \/ the OneTrans runtime could not start: the runtime exited before it was ready/);
    expect(message).toContain(`${path.join(dir, 'node')}, exit status 3`);
    expect(message).toContain(`本机系统：${THIS_OS}`); // uname, then the C library's version
    expect(message).toContain(`OneTrans 需要 Node.js ${MIN_NODE_VERSION} 或更新版本的 node：放在库所在的文件夹，或在 ${cfg} 中用 "nodePath" 写明它的完整路径`);
    expect(message).toContain(`this machine runs ${THIS_OS}`);
    expect(message).toContain(`OneTrans needs Node.js ${MIN_NODE_VERSION} or later (node): put it in the library's folder, or give its full path as "nodePath" in ${cfg}`);
    // no gateway configured: the message says one can be, and where the guide is
    expect(message).toContain('set "gateway" (the gateway\'s address, e.g. ["10.1.2.3:7850"]) and "gatewayKey" in OneTrans.json');
    expect(message).toContain('docs/gateway.md');
  });

  it('says the same in GBK for ANSI callers', async () => {
    const { code, out } = await callWithNode('#!/bin/sh\nexit 3\n', { outputEncoding: 'gbk' });
    expect(code).toBe('000002');
    const raw = out.subarray(0, out.indexOf(0));
    expect(raw.includes(Buffer.from('本机系统', 'utf8'))).toBe(false);
    const { message } = JSON.parse(iconv.decode(raw, 'gbk'));
    expect(message).toMatch(/^运行时无法启动 \/ the OneTrans runtime could not start: .*exit status 3/);
    expect(message).toContain(`本机系统：${THIS_OS}`);
    expect(message).toContain(`需要 Node.js ${MIN_NODE_VERSION} 或更新版本`);
    expect(message).toContain(`OneTrans needs Node.js ${MIN_NODE_VERSION} or later`);
  });

  it('a node that is killed (a crash) before its hello says so', async () => {
    const { code, out } = await callWithNode('#!/bin/sh\nkill -9 $$\n');
    expect(code).toBe('000002');
    expect(JSON.parse(outText(out)).message).toContain('killed by signal 9');
  });

  it('a "nodePath" that does not exist gets the same advice', async () => {
    const { code, out } = await callWithNode(null, { nodePath: '/nonexistent/node-20/bin/node' });
    expect(code).toBe('000002');
    const { message } = JSON.parse(outText(out));
    expect(message).toMatch(/cannot start \/nonexistent\/node-20\/bin\/node/);
    expect(message).toContain(`OneTrans needs Node.js ${MIN_NODE_VERSION} or later`);
  });

  it('gives no node advice when node is not the problem (the runtime bundle is missing)', async () => {
    const dir = stage(false);
    const out = Buffer.alloc(8192);
    expect(await loadOneTrans(path.join(dir, path.basename(LIB_PATH))).mobileTrans(cstr('{}'), out)).toBe('000002');
    const { message } = JSON.parse(outText(out));
    expect(message).toContain('onetrans-bridge.cjs not found beside the library');
    expect(message).not.toContain('Node.js');
  });
});
