import { createHash } from 'node:crypto';
import { AmpError } from '../core/codes.js';
import type { AmpClient } from '../client/client.js';
import { AmpConnectionError } from '../core/errors.js';
import type { GetTradeFileRequest, GetTradeFileResponse } from '../spec/index.js';
import { decodeInput } from '../core/encoding.js';
import { readTradeCsv } from './unzip.js';

export interface TradeFile {
  response: GetTradeFileResponse;
  zip: Buffer;
  csvName: string;
  /** The CSV decoded (UTF-8 with or without BOM, or GBK: protocol.md §10). */
  csvText: string;
}

/**
 * AMP_HOS_004 end to end: ask for the file, download it within its minute, check its SHA1
 * before reading a byte of it, and unzip the CSV, in memory (the zip checks of unzip.ts apply:
 * one CSV entry, no unsafe names, size and ratio caps). For large files and a copy on disk,
 * use getTradeFile (fetch.ts).
 */
export async function fetchTradeFile(client: AmpClient, params: GetTradeFileRequest): Promise<TradeFile> {
  const response = await client.getTradeFile(params);
  if (!response.downloadUrl) {
    throw new AmpError('000100', '门户未返回 downloadUrl（该日可能没有账单）', 'the portal returned no downloadUrl (there may be no bill for that day)');
  }
  const dl = await client.download(response.downloadUrl);
  if (dl.status !== 200) {
    throw new AmpConnectionError('000100', `下载对账文件失败：HTTP ${dl.status}（链接有效期1分钟）`, `trade file download failed: HTTP ${dl.status} (the link is valid for one minute)`, true, { status: dl.status });
  }
  const digestType = (response.digestType || 'SHA1').toUpperCase();
  if (digestType !== 'SHA1') throw new AmpError('000101', `不支持的摘要算法 ${digestType}`, `unsupported digestType ${digestType}`);
  const actual = createHash('sha1').update(dl.body).digest('hex');
  if (actual !== String(response.digest).toLowerCase()) {
    throw new AmpError('000102', `对账文件SHA1不符：期望 ${response.digest}，实际 ${actual}（下载受损或被篡改）`, `trade file SHA1 mismatch: expected ${response.digest}, got ${actual}`);
  }
  const entry = await readTradeCsv(dl.body);
  return { response, zip: dl.body, csvName: entry.csvName, csvText: decodeInput(entry.data, 'auto').text };
}
