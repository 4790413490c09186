/**
 * Unpacks the trade-file zip with yauzl, refusing what a hostile or broken download could do:
 * more or fewer than one CSV entry, entry names that climb out of the folder (`..`, absolute
 * paths, drive letters), encrypted entries, and zip bombs (uncompressed size or compression
 * ratio over the caps, checked on the declared sizes first and on the bytes actually inflated).
 * The CSV is written to a temporary name inside the output folder and renamed only when whole,
 * so a refused file leaves nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, join, relative, resolve, isAbsolute } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { BillError } from './errors.js';

export interface UnzipLimits {
  /** Largest uncompressed CSV accepted, bytes (default 1 GiB: ~2.5 million rows). */
  maxUncompressedBytes?: number;
  /** Largest uncompressed ÷ compressed ratio accepted (default 200; real trade files are ~5-20). */
  maxRatio?: number;
  /** Ratios are only checked above this size (default 1 MiB): a tiny file cannot be a bomb. */
  ratioFloorBytes?: number;
}

export const DEFAULT_UNZIP_LIMITS: Required<UnzipLimits> = Object.freeze({
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
});

/** Why an entry name is unsafe, or undefined when it is a plain relative name. */
export function unsafeEntryName(name: string): string | undefined {
  if (name.includes('\0')) return 'NUL';
  if (/^[a-zA-Z]:/.test(name)) return 'drive letter';
  if (/^[\\/]/.test(name)) return 'absolute path';
  if (name.split(/[\\/]/).includes('..')) return '..';
  return undefined;
}

const slip = (why: string) =>
  new BillError('ZIP_SLIP', `压缩包内文件名不安全（${why}），拒绝解压`, `unsafe entry name in the zip (${why}); refused`);

function openZip(source: string | Buffer): Promise<yauzl.ZipFile> {
  const opts: yauzl.Options = { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true };
  return new Promise((res, rej) => {
    const cb = (err: Error | null, zf?: yauzl.ZipFile) => (err || !zf ? rej(err ?? new Error('no zip')) : res(zf));
    if (typeof source === 'string') yauzl.open(source, opts, cb);
    else yauzl.fromBuffer(source, opts, cb);
  });
}

/** yauzl's own name checks, as ours. */
function mapZipError(err: unknown): BillError {
  if (err instanceof BillError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  if (/absolute path/.test(msg)) return slip('absolute path');
  if (/invalid relative path/.test(msg)) return slip('..');
  if (/invalid characters in fileName/.test(msg)) return slip('invalid characters');
  return new BillError('BAD_ZIP', '对账文件不是有效的zip压缩包', 'the trade file is not a valid zip', undefined, { cause: err });
}

/** Reads the central directory and picks the one CSV entry, checking every name and the caps. */
function pickCsv(zf: yauzl.ZipFile, limits: Required<UnzipLimits>): Promise<yauzl.Entry> {
  return new Promise((res, rej) => {
    const csvs: yauzl.Entry[] = [];
    let others = 0;
    zf.on('error', (e) => rej(mapZipError(e)));
    zf.on('entry', (entry: yauzl.Entry) => {
      const why = unsafeEntryName(entry.fileName);
      if (why) return rej(slip(why));
      if (!entry.fileName.endsWith('/')) {
        if (/\.csv$/i.test(entry.fileName)) csvs.push(entry);
        else others += 1;
      }
      zf.readEntry();
    });
    zf.on('end', () => {
      if (csvs.length !== 1 || others > 0) {
        return rej(
          new BillError(
            'NOT_ONE_CSV',
            `压缩包应只含一个CSV文件，实际含 ${csvs.length} 个CSV、${others} 个其他文件`,
            `the zip must hold exactly one CSV file; it holds ${csvs.length} CSV and ${others} other file(s)`,
          ),
        );
      }
      const e = csvs[0]!;
      if (e.isEncrypted()) return rej(new BillError('BAD_ZIP', '压缩包内文件已加密，无法读取', 'the zip entry is encrypted'));
      try {
        checkSizes(e.uncompressedSize, e.compressedSize, limits);
      } catch (err) {
        return rej(err);
      }
      res(e);
    });
    zf.readEntry();
  });
}

function checkSizes(uncompressed: number, compressed: number, limits: Required<UnzipLimits>): void {
  if (uncompressed > limits.maxUncompressedBytes) {
    throw new BillError('ZIP_BOMB', `解压后大小超过上限 ${limits.maxUncompressedBytes} 字节`, `uncompressed size over the cap of ${limits.maxUncompressedBytes} bytes`);
  }
  if (uncompressed > limits.ratioFloorBytes && uncompressed / Math.max(1, compressed) > limits.maxRatio) {
    throw new BillError('ZIP_BOMB', `压缩比超过上限 ${limits.maxRatio}:1（疑似压缩炸弹）`, `compression ratio over ${limits.maxRatio}:1 (a zip bomb?)`);
  }
}

/** Counts inflated bytes and stops at the caps even if the declared sizes lied. */
function sizeGuard(compressed: number, limits: Required<UnzipLimits>): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      try {
        checkSizes(seen, compressed, limits);
      } catch (err) {
        return cb(err as Error);
      }
      cb(null, chunk);
    },
  });
}

function entryStream(zf: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((res, rej) => zf.openReadStream(entry, (err, s) => (err || !s ? rej(mapZipError(err)) : res(s))));
}

export interface ExtractedCsv {
  /** Where the CSV was written (inside outDir). */
  csvPath: string;
  /** The entry's name (its last path segment). */
  csvName: string;
  bytes: number;
}

/** Unpacks the single CSV of `zipPath` into `outDir`. Refusals throw BillError and leave nothing. */
export async function extractTradeCsv(zipPath: string, outDir: string, limits: UnzipLimits = {}): Promise<ExtractedCsv> {
  const lim = { ...DEFAULT_UNZIP_LIMITS, ...limits };
  let zf: yauzl.ZipFile;
  try {
    zf = await openZip(zipPath);
  } catch (err) {
    throw mapZipError(err);
  }
  const dir = resolve(outDir);
  let tmp: string | undefined;
  try {
    const entry = await pickCsv(zf, lim);
    const csvName = basename(entry.fileName.replace(/\\/g, '/'));
    const target = join(dir, csvName);
    const rel = relative(dir, target);
    if (!rel || rel.startsWith('..') || isAbsolute(rel)) throw slip('outside the folder');
    await mkdir(dir, { recursive: true });
    tmp = join(dir, `.${csvName}.${randomBytes(4).toString('hex')}.part`);
    const guard = sizeGuard(entry.compressedSize, lim);
    let bytes = 0;
    guard.on('data', (c: Buffer) => void (bytes += c.length));
    await pipeline(await entryStream(zf, entry), guard, createWriteStream(tmp, { flags: 'wx' })).catch((err) => {
      throw mapZipError(err);
    });
    await rename(tmp, target);
    tmp = undefined;
    return { csvPath: target, csvName, bytes };
  } finally {
    zf.close();
    if (tmp) await rm(tmp, { force: true });
  }
}

/** The single CSV of an in-memory zip, with the same checks (for small files and old callers). */
export async function readTradeCsv(zip: Buffer, limits: UnzipLimits = {}): Promise<{ csvName: string; data: Buffer }> {
  const lim = { ...DEFAULT_UNZIP_LIMITS, ...limits };
  let zf: yauzl.ZipFile;
  try {
    zf = await openZip(zip);
  } catch (err) {
    throw mapZipError(err);
  }
  try {
    const entry = await pickCsv(zf, lim);
    const chunks: Buffer[] = [];
    const guard = sizeGuard(entry.compressedSize, lim);
    guard.on('data', (c: Buffer) => void chunks.push(c));
    await pipeline(await entryStream(zf, entry), guard).catch((err) => {
      throw mapZipError(err);
    });
    return { csvName: basename(entry.fileName.replace(/\\/g, '/')), data: Buffer.concat(chunks) };
  } finally {
    zf.close();
  }
}

/**
 * The single CSV of a zip (a file path or bytes) as a stream, with the same checks; the caller
 * reads it and then calls close(). Nothing is written anywhere.
 */
export async function openTradeCsv(source: string | Buffer, limits: UnzipLimits = {}): Promise<{ csvName: string; stream: Readable; close(): void }> {
  const lim = { ...DEFAULT_UNZIP_LIMITS, ...limits };
  let zf: yauzl.ZipFile;
  try {
    zf = await openZip(source);
  } catch (err) {
    throw mapZipError(err);
  }
  try {
    const entry = await pickCsv(zf, lim);
    const raw = await entryStream(zf, entry);
    const guard = sizeGuard(entry.compressedSize, lim);
    raw.on('error', (err) => guard.destroy(mapZipError(err)));
    raw.pipe(guard);
    return { csvName: basename(entry.fileName.replace(/\\/g, '/')), stream: guard, close: () => zf.close() };
  } catch (err) {
    zf.close();
    throw err;
  }
}
