/**
 * AMP_HOS_004 end to end, to disk: ask for the file, GET downloadUrl within its one-minute
 * validity (streamed to a temporary file, timed out, size-capped), compare the SHA1 with
 * `digest` before anything is unpacked, then unpack the one CSV with the zip checks. Whatever
 * fails, nothing is kept: no partial download, no zip that failed its digest, no CSV of a
 * refused zip. The one download path of the project (`fetchTradeFile`, in memory, and the DLL's
 * saveDir go through it); its errors are BillErrors with a reason (docs/reconcile.md §7).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AmpClient } from '../client/client.js';
import type { GetTradeFileRequest, GetTradeFileResponse } from '../spec/index.js';
import { tradeFileName, type BillType } from '../spec/trade-file.js';
import { BillError } from './errors.js';
import { extractTradeCsv, type UnzipLimits } from './unzip.js';
import { DEFAULT_MAX_DOWNLOAD_BYTES } from '../core/limits.js';

export interface GetTradeFileOptions {
  /** Where the zip and its CSV go (created if missing). */
  outDir: string;
  /** The interface suffix, e.g. '/getCheckFile' (default: the client's, from its profile). */
  suffix?: string;
  /** How long downloadUrl lives after the answer (default 60000, the spec's one minute). */
  validityMs?: number;
  /** Download timeout (default 55000; never beyond the validity). */
  timeoutMs?: number;
  /** Largest download accepted, bytes (default 256 MiB). */
  maxDownloadBytes?: number;
  limits?: UnzipLimits;
  /** Keep the verified zip beside the CSV (default true). */
  keepZip?: boolean;
  /** Called as bytes arrive (the CLI draws a progress line on a TTY). */
  onProgress?: (p: { received: number; total?: number }) => void;
}

export interface DownloadedTradeFile {
  response: GetTradeFileResponse;
  /** The verified zip (absent with keepZip: false). */
  zipPath?: string;
  csvPath: string;
  csvName: string;
  /** SHA1 of the download, lower-case hex (equal to digest). */
  sha1: string;
  zipBytes: number;
  csvBytes: number;
}

export { DEFAULT_MAX_DOWNLOAD_BYTES };

/**
 * @deprecated the name shadows `AmpClient.getTradeFile` (which only asks for the link): use
 * `downloadTradeFile`, the same function.
 */
export function getTradeFile(client: AmpClient, params: GetTradeFileRequest, opts: GetTradeFileOptions): Promise<DownloadedTradeFile> {
  return downloadTradeFile(client, params, opts);
}

/** Asks for the day's file, downloads, checks and unpacks it into `opts.outDir`. */
export async function downloadTradeFile(client: AmpClient, params: GetTradeFileRequest, opts: GetTradeFileOptions): Promise<DownloadedTradeFile> {
  const response = opts.suffix ? await client.call<GetTradeFileResponse>(opts.suffix, params) : await client.getTradeFile(params);
  return saveAnsweredTradeFile(client, response, params, opts, Date.now());
}

/**
 * The second half of downloadTradeFile, for a caller that already has AMP_HOS_004's answer (the
 * DLL's getTradeFile with `saveDir`): downloads within the link's minute from `answeredAt`, checks
 * and unpacks, with the same refusals.
 */
export async function saveAnsweredTradeFile(
  client: AmpClient,
  response: GetTradeFileResponse,
  params: Pick<GetTradeFileRequest, 'orgCode' | 'subOrgCode' | 'billDate' | 'billType'>,
  opts: GetTradeFileOptions,
  answeredAt: number,
): Promise<DownloadedTradeFile> {
  if (!response.downloadUrl) {
    throw new BillError('DOWNLOAD_FAILED', '门户未返回 downloadUrl（该日可能没有账单）', 'the portal returned no downloadUrl (there may be no bill for that day)');
  }
  const digestType = (response.digestType || 'SHA1').toUpperCase();
  if (digestType !== 'SHA1') throw new BillError('UNSUPPORTED_DIGEST', `不支持的摘要算法 ${digestType}（规范固定为 SHA1）`, `unsupported digestType ${digestType} (the spec fixes SHA1)`);
  const expected = String(response.digest ?? '').toLowerCase();

  const outDir = resolve(opts.outDir);
  await mkdir(outDir, { recursive: true });
  const zipName = tradeFileName(params.orgCode, params.subOrgCode, params.billDate, params.billType as BillType, 'zip');
  const tmp = join(outDir, `.${zipName}.${randomBytes(4).toString('hex')}.part`);
  const validity = opts.validityMs ?? 60_000;
  const budget = Math.max(1, Math.min(opts.timeoutMs ?? 55_000, validity - (Date.now() - answeredAt)));
  const maxBytes = opts.maxDownloadBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES;
  const ctl = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    ctl.abort();
  }, budget);
  const hash = createHash('sha1');
  let received = 0;
  let tooLarge = false;
  let keep = false;
  try {
    let res: Awaited<ReturnType<AmpClient['downloadStream']>>;
    try {
      res = await client.downloadStream(response.downloadUrl, ctl.signal);
    } catch (err) {
      if (expired) throw expiredError(budget, err);
      throw new BillError('DOWNLOAD_FAILED', `下载对账文件失败：${(err as { messageZh?: string }).messageZh ?? '网络错误'}`, `trade file download failed: ${(err as Error).message}`, undefined, { cause: err });
    }
    if (res.status !== 200) {
      res.body.resume();
      throw new BillError('DOWNLOAD_FAILED', `下载对账文件失败：HTTP ${res.status}（链接有效期1分钟，过期请重新获取）`, `trade file download failed: HTTP ${res.status} (the link is valid for one minute; fetch a new one)`, { status: res.status });
    }
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      // Not read at all; undici reports the abandoned body as an AbortError, expected here.
      res.body.on('error', () => {});
      res.body.destroy();
      throw tooLargeError(maxBytes);
    }
    const total = Number.isFinite(declared) ? declared : undefined;
    const meter = new Transform({
      transform(chunk: Buffer, _e, cb) {
        received += chunk.length;
        if (received > maxBytes) {
          tooLarge = true;
          return cb(tooLargeError(maxBytes));
        }
        hash.update(chunk);
        opts.onProgress?.({ received, ...(total !== undefined ? { total } : {}) });
        cb(null, chunk);
      },
    });
    try {
      await pipeline(res.body, meter, createWriteStream(tmp, { flags: 'wx' }));
    } catch (err) {
      if (tooLarge) throw tooLargeError(maxBytes);
      if (expired) throw expiredError(budget, err);
      throw new BillError('DOWNLOAD_FAILED', '下载对账文件中断', 'the trade file download was interrupted', undefined, { cause: err });
    }
    clearTimeout(timer);
    const sha1 = hash.digest('hex');
    if (sha1 !== expected) {
      throw new BillError(
        'DIGEST_MISMATCH',
        `对账文件SHA1不符：门户给出 ${expected || '（空）'}，下载文件为 ${sha1}（下载受损或被篡改，已删除）`,
        `trade file SHA1 mismatch: the portal says ${expected || '(empty)'}, the download is ${sha1} (damaged or tampered with; deleted)`,
        { expected, actual: sha1 },
      );
    }
    const csv = await extractTradeCsv(tmp, outDir, opts.limits);
    let zipPath: string | undefined;
    if (opts.keepZip !== false) {
      zipPath = join(outDir, zipName);
      await rename(tmp, zipPath);
      keep = true;
    }
    return { response, ...(zipPath ? { zipPath } : {}), csvPath: csv.csvPath, csvName: csv.csvName, sha1, zipBytes: received, csvBytes: csv.bytes };
  } finally {
    clearTimeout(timer);
    if (!keep) await rm(tmp, { force: true });
  }
}

function tooLargeError(max: number): BillError {
  return new BillError('DOWNLOAD_TOO_LARGE', `对账文件超过下载上限 ${max} 字节`, `the trade file is larger than the download cap of ${max} bytes`);
}

function expiredError(budget: number, cause: unknown): BillError {
  return new BillError('LINK_EXPIRED', `未能在 ${budget} 毫秒内下载完对账文件（链接有效期1分钟，请重新获取）`, `the trade file did not download within ${budget} ms (the link lives one minute; fetch a new one)`, undefined, { cause });
}
