// Reading a file through one reused buffer: a character cut by a read boundary comes out whole.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toUtf8 } from '../../src/bill/decode.js';
import { CHUNK_BYTES, fileChunks } from '../../src/bill/file-chunks.js';
import { tempDir } from './helpers.js';

describe('fileChunks through toUtf8', () => {
  it('keeps a character split between two reads whole, though the next read reuses the buffer', async () => {
    // 医 is 3 bytes: its first byte ends the second read (the first is copied apart, to tell the
    // encoding), and the third read fills the buffer again.
    const text = `${'x'.repeat(CHUNK_BYTES)}${'y'.repeat(CHUNK_BYTES - 1)}医${'z'.repeat(2 * CHUNK_BYTES)}`;
    const path = join(tempDir(), 'split.csv');
    writeFileSync(path, text);
    const parts: string[] = [];
    for await (const c of toUtf8(fileChunks(path))) parts.push(c.toString('utf8'));
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.join('')).toBe(text);
  });
});
