/**
 * The trade file in memory, for callers that want the text and no files: a thin wrapper over
 * downloadTradeFile (fetch.ts), the one download path, so the checks and the error contract
 * (BillError with a reason) are the same; the files go to a private temporary folder that is
 * removed before this returns.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AmpClient } from '../client/client.js';
import { decodeInput } from '../core/encoding.js';
import type { GetTradeFileRequest, GetTradeFileResponse } from '../spec/index.js';
import { downloadTradeFile, type GetTradeFileOptions } from './fetch.js';

export interface TradeFile {
  response: GetTradeFileResponse;
  zip: Buffer;
  csvName: string;
  /** The CSV decoded (UTF-8 with or without BOM, or GBK: protocol.md §10). */
  csvText: string;
}

/**
 * @deprecated use downloadTradeFile (files on disk, any size) and read the CSV with
 * parseTradeFile. Kept working: the same download, checks and BillErrors, held in memory.
 */
export async function fetchTradeFile(client: AmpClient, params: GetTradeFileRequest, opts: Omit<GetTradeFileOptions, 'outDir' | 'keepZip'> = {}): Promise<TradeFile> {
  const dir = await mkdtemp(join(tmpdir(), 'onetrans-trade-'));
  try {
    const r = await downloadTradeFile(client, params, { ...opts, outDir: dir, keepZip: true });
    const [zip, csv] = await Promise.all([readFile(r.zipPath!), readFile(r.csvPath)]);
    return { response: r.response, zip, csvName: r.csvName, csvText: decodeInput(csv, 'auto').text };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
