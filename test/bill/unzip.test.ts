// The zip checks on real zip files: one CSV, unsafe names, bombs — and a refusal leaves nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BillError, extractTradeCsv, readTradeCsv, unsafeEntryName } from '../../src/bill/index.js';
import { listAll, makeZip, patchName, tempDir } from './helpers.js';

async function refusal(zip: Buffer, limits = {}): Promise<{ err: BillError; root: string }> {
  const root = tempDir();
  const zipPath = join(root, 'in.zip');
  writeFileSync(zipPath, zip);
  const out = join(root, 'out');
  const err = await extractTradeCsv(zipPath, out, limits).then(
    () => {
      throw new Error('accepted');
    },
    (e: unknown) => e as BillError,
  );
  expect(err).toBeInstanceOf(BillError);
  // Nothing was written: the root holds only the zip; no out/ files, nothing beside it.
  expect(listAll(root).filter((f) => f !== 'in.zip' && f !== 'out')).toEqual([]);
  return { err, root };
}

describe('extractTradeCsv', () => {
  it('writes the one CSV into the output folder and nothing else', async () => {
    const root = tempDir();
    const zipPath = join(root, 'f.zip');
    writeFileSync(zipPath, await makeZip([{ name: 'H1__2024-04-24_ALL.csv', data: '#x\r\n' }]));
    const r = await extractTradeCsv(zipPath, join(root, 'out'));
    expect(r.csvName).toBe('H1__2024-04-24_ALL.csv');
    expect(r.bytes).toBe(4);
    expect(listAll(join(root, 'out'))).toEqual(['H1__2024-04-24_ALL.csv']);
  });

  it('refuses a zip with two CSV entries, with none, or with another file beside the CSV', async () => {
    for (const entries of [
      [{ name: 'a.csv', data: 'x' }, { name: 'b.csv', data: 'y' }],
      [{ name: 'a.txt', data: 'x' }],
      [{ name: 'a.csv', data: 'x' }, { name: 'readme.txt', data: 'y' }],
    ]) {
      const { err } = await refusal(await makeZip(entries));
      expect(err.reason).toBe('NOT_ONE_CSV');
      expect(err.code).toBe('000105');
    }
  });

  it('refuses entry names with .., an absolute path or a drive letter (zip-slip)', async () => {
    const cases: [string, string][] = [
      ['aa/evil.csv', '../evil.csv'],
      ['x/aa/b.csv', 'x/../b.csv'],
      ['_tmp_evil.csv', '/tmp_evil.csv'],
      ['C_/evil.csv', 'C:/evil.csv'],
    ];
    for (const [safe, bad] of cases) {
      const zip = patchName(await makeZip([{ name: safe, data: 'x' }]), safe, bad);
      const { err } = await refusal(zip);
      expect(err.reason, bad).toBe('ZIP_SLIP');
    }
    const back = patchName(await makeZip([{ name: 'aa_evil.csv', data: 'x' }]), 'aa_', '..\\');
    expect((await refusal(back)).err.reason).toBe('ZIP_SLIP');
    expect(unsafeEntryName('a/b.csv')).toBeUndefined();
    expect(unsafeEntryName('D:evil.csv')).toBe('drive letter');
  });

  it('refuses a zip bomb by ratio and by uncompressed size, keeping nothing', async () => {
    const zeros = Buffer.alloc(8 * 1024 * 1024, 0x30);
    const bomb = await makeZip([{ name: 'b.csv', data: zeros }]);
    expect(bomb.length).toBeLessThan(zeros.length / 200);
    expect((await refusal(bomb)).err.reason).toBe('ZIP_BOMB');
    const plain = await makeZip([{ name: 'b.csv', data: Buffer.alloc(4096, 0x31), compress: false }]);
    expect((await refusal(plain, { maxUncompressedBytes: 1000 })).err.reason).toBe('ZIP_BOMB');
  });

  it('refuses bytes that are not a zip', async () => {
    expect((await refusal(Buffer.from('PK\x03\x04 not really a zip at all'))).err.reason).toBe('BAD_ZIP');
  });

  it('reads the same checks in memory', async () => {
    const r = await readTradeCsv(await makeZip([{ name: 'dir/a.csv', data: 'abc' }]));
    expect(r).toEqual({ csvName: 'a.csv', data: Buffer.from('abc') });
    await expect(readTradeCsv(patchName(await makeZip([{ name: 'aa/a.csv', data: 'x' }]), 'aa/', '../'))).rejects.toMatchObject({ reason: 'ZIP_SLIP' });
  });
});
