/**
 * getTradeFile through the DLL with the opt-in `saveDir` input field: a legacy HIS (PowerBuilder,
 * Delphi 7) cannot easily download within the link's minute, check the SHA1 and unzip, so the
 * runtime does it — the same one download path and refusals as `onetrans bill download` — and
 * answers the CSV's full path and the file's header and summary figures in `data`, beside the
 * portal's own fields. Without `saveDir` nothing here runs and the answer is the vendor's.
 */
import { isAbsolute } from 'node:path';
import type { AmpClient } from '../client/client.js';
import { AmpError } from '../core/errors.js';
import { fenToYuan } from '../core/money.js';
import type { GetTradeFileResponse } from '../spec/index.js';

/** The field's value checked: an absolute folder path, or a 000105 error. */
export function checkSaveDir(v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '' || !isAbsolute(v)) {
    throw new AmpError('000105', 'saveDir 须为保存对账文件的文件夹的绝对路径，如 D:\\\\对账', 'saveDir must be the absolute path of the folder to save the trade file in, e.g. D:\\\\reconcile');
  }
  return v;
}

/**
 * `timeoutMs`: what is left of the library's wait for the call — the download stops then and
 * keeps nothing, so no file appears after the HIS was told the call failed.
 */
export async function saveTradeFileFor(client: AmpClient, param: unknown, business: Record<string, unknown>, saveDir: string, answeredAt: number, timeoutMs?: number): Promise<Record<string, unknown>> {
  const response = (param ?? {}) as GetTradeFileResponse;
  const str = (k: string) => (typeof business[k] === 'string' ? (business[k] as string) : '');
  // Loaded on first use: the download, unzip and parse code (and node:fs/promises, node:zlib and
  // yauzl under it) is ~6 ms of every runtime's start-up otherwise, for a call few HIS make.
  const [{ saveAnsweredTradeFile }, { parseTradeFile }] = await Promise.all([import('../bill/fetch.js'), import('../bill/parse.js')]);
  const saved = await saveAnsweredTradeFile(
    client,
    response,
    { orgCode: str('orgCode'), ...(str('subOrgCode') ? { subOrgCode: str('subOrgCode') } : {}), billDate: str('billDate'), billType: (str('billType') || 'ALL') as 'ALL' },
    { outDir: saveDir, ...(timeoutMs !== undefined ? { timeoutMs: Math.max(1, timeoutMs) } : {}) },
    answeredAt,
  );
  const parsed = await parseTradeFile(saved.csvPath, { collect: false });
  const d = parsed.summary.declared;
  const amount = (v: number | undefined) => (v === undefined ? '' : fenToYuan(v));
  return {
    ...(response as unknown as Record<string, unknown>),
    csvPath: saved.csvPath,
    ...(saved.zipPath ? { zipPath: saved.zipPath } : {}),
    csvName: saved.csvName,
    sha1: saved.sha1,
    billDate: parsed.header.billDate,
    orgCode: parsed.header.orgCode,
    subOrgCode: parsed.header.subOrgCode,
    rowCount: parsed.rowCount,
    tradeCount: d.tradeCount ?? null,
    refundCount: d.refundCount ?? null,
    tradeAmount: amount(d.tradeAmount),
    refundAmount: amount(d.refundAmount),
    summaryOk: parsed.summary.ok,
  };
}
