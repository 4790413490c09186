// Real zip files for the bill tests, made with yazl; unsafe names are patched into the bytes
// afterwards (yazl itself refuses to write them), keeping the length so the zip stays valid.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZipFile } from 'yazl';

export async function makeZip(entries: { name: string; data: Buffer | string; compress?: boolean }[]): Promise<Buffer> {
  const z = new ZipFile();
  for (const e of entries) z.addBuffer(Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8'), e.name, { compress: e.compress ?? true, mtime: new Date(0) });
  z.end();
  const chunks: Buffer[] = [];
  for await (const c of z.outputStream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

/** Replaces every occurrence of `from` by `to` (same byte length) in local and central headers. */
export function patchName(zip: Buffer, from: string, to: string): Buffer {
  const a = Buffer.from(from, 'utf8');
  const b = Buffer.from(to, 'utf8');
  if (a.length !== b.length) throw new Error('same length only');
  const out = Buffer.from(zip);
  let i = out.indexOf(a);
  let n = 0;
  while (i !== -1) {
    b.copy(out, i);
    n++;
    i = out.indexOf(a, i + a.length);
  }
  if (n < 2) throw new Error(`patched ${n} occurrence(s)`);
  return out;
}

export function tempDir(prefix = 'onetrans-bill-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every file below `dir` (names only, recursive). */
export function listAll(dir: string): string[] {
  return readdirSync(dir, { recursive: true }) as string[];
}
