/**
 * `onetrans reconcile --date 2026-11-30|yesterday --config reconcile.json`: the day in one command,
 * for a scheduler. Downloads the day's trade file (AMP_HOS_004, the configured suffix), reads the
 * HIS and insurance exports the config names for that day, and writes into `<out>/<date>/` the
 * trade file, report.html, result.json and differences.csv. Everything is first made in a staging
 * folder beside it and then renamed over the old files one by one, so a re-run replaces a day's
 * files whole (a reader never sees half a file) and a failed run leaves the previous ones.
 *
 * The config (paths relative to the config file; `{date}` becomes the day):
 *   { "his": "exports/his-{date}.csv", "insurance": "exports/ins-{date}.csv", "map": "his-map.json",
 *     "out": "reports", "orgCode": "H...", "subOrgCode": "", "suffix": "/getTradeFile" }
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { BillError } from '../bill/errors.js';
import { downloadTradeFile } from '../bill/fetch.js';
import { loadMapFile } from '../bill/inputs.js';
import { reconcile, type ReconcileResult } from '../bill/reconcile.js';
import { differencesCsv, renderReport } from '../bill/report.js';
import { AmpClient } from '../client/client.js';
import type { AmpClientOptions } from '../client/options.js';
import { cstDate, cstTimestamp, isValidDate } from '../core/time.js';

export interface DayConfig {
  his: string;
  insurance?: string;
  map?: string;
  out: string;
  orgCode?: string;
  subOrgCode?: string;
  suffix?: string;
}

const KEYS = ['his', 'insurance', 'map', 'out', 'orgCode', 'subOrgCode', 'suffix'] as const;

/** Reads and checks the config; paths come back absolute. */
export async function loadDayConfig(file: string): Promise<DayConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new BillError('BAD_INPUT', `对账配置文件无法读取或不是JSON：${file}`, `the reconcile config cannot be read or is not JSON: ${file}`, undefined, { cause: err });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new BillError('BAD_INPUT', `对账配置文件须为JSON对象：${file}`, `the reconcile config must be a JSON object: ${file}`);
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!(KEYS as readonly string[]).includes(k)) throw new BillError('BAD_INPUT', `对账配置文件有未知的键 ${k}（可用：${KEYS.join('、')}）`, `unknown key ${k} in the reconcile config (known: ${KEYS.join(', ')})`);
    if (typeof o[k] !== 'string') throw new BillError('BAD_INPUT', `对账配置文件的 ${k} 须为字符串`, `${k} in the reconcile config must be a string`);
  }
  if (!o.his) throw new BillError('BAD_INPUT', '对账配置文件缺少 his（HIS导出文件的路径）', 'the reconcile config lacks his (the path of the HIS export)');
  const base = dirname(resolve(file));
  const abs = (p: unknown) => (typeof p === 'string' && p ? resolve(base, p) : undefined);
  return {
    his: abs(o.his)!,
    out: abs(o.out) ?? resolve(base, 'reconcile-reports'),
    ...(o.insurance ? { insurance: abs(o.insurance)! } : {}),
    ...(o.map ? { map: abs(o.map)! } : {}),
    ...(o.orgCode ? { orgCode: o.orgCode as string } : {}),
    ...(o.subOrgCode ? { subOrgCode: o.subOrgCode as string } : {}),
    ...(o.suffix ? { suffix: o.suffix as string } : {}),
  };
}

/** `yesterday` (in UTC+8) or a real yyyy-MM-dd; undefined otherwise. */
export function resolveDay(text: string, now = new Date()): string | undefined {
  if (text === 'yesterday') return cstDate(new Date(now.getTime() - 86_400_000));
  return isValidDate(text) ? text : undefined;
}

export interface DayRun {
  folder: string;
  result: ReconcileResult;
  files: string[];
}

/** The day's file is not there yet (no link, or a day not over): exit 1 with this said plainly. */
export class NotYetAvailable extends BillError {
  constructor(date: string, cause?: unknown) {
    super(
      'DOWNLOAD_FAILED',
      `${date} 的对账文件尚不可用（门户还没有生成该日的文件，一般在次日生成）；请稍后再运行，本次没有写入任何文件`,
      `the trade file of ${date} is not available yet (the portal has not made that day's file; usually the next day); run again later — nothing was written`,
      undefined,
      { cause },
    );
  }
}

export async function runDay(date: string, cfg: DayConfig, client: AmpClientOptions, creds: { orgSecret: string; orgCode: string }): Promise<DayRun> {
  const sub = (p: string) => p.split('{date}').join(date);
  const his = sub(cfg.his);
  const insurance = cfg.insurance ? sub(cfg.insurance) : undefined;
  for (const [what, p] of [['HIS', his], ['医保', insurance]] as const) {
    if (p && !existsSync(p)) throw new BillError('BAD_INPUT', `找不到${what}文件 ${p}（配置中的 {date} 已换成 ${date}）`, `no ${what === 'HIS' ? 'HIS' : 'insurance'} file ${p} ({date} in the config became ${date})`);
  }
  const map = cfg.map ? await loadMapFile(cfg.map) : undefined;
  const folder = join(cfg.out, date);
  await mkdir(cfg.out, { recursive: true });
  const stage = join(cfg.out, `.${date}.${randomBytes(4).toString('hex')}.part`);
  await mkdir(stage);
  const ac = new AmpClient(client);
  try {
    let dl;
    try {
      dl = await downloadTradeFile(
        ac,
        { orgCode: cfg.orgCode ?? creds.orgCode, ...(cfg.subOrgCode ? { subOrgCode: cfg.subOrgCode } : {}), orgSecret: creds.orgSecret, billDate: date, billType: 'ALL' },
        { outDir: stage, ...(cfg.suffix ? { suffix: cfg.suffix } : {}) },
      );
    } catch (err) {
      if (err instanceof BillError && err.reason === 'DOWNLOAD_FAILED' && !(err.details as { status?: number } | undefined)?.status && /downloadUrl/.test(err.messageEn)) throw new NotYetAvailable(date, err);
      throw err;
    }
    const names = { platform: basename(dl.zipPath!), his: basename(his), ...(insurance ? { insurance: basename(insurance) } : {}) };
    const result = await reconcile({ platform: dl.zipPath!, his, ...(insurance ? { insurance } : {}), ...(map ? { map } : {}), names });
    const json = { date, generatedAt: cstTimestamp(), sources: result.meta.sources, summary: result.summary, totals: result.totals, dayTotals: result.dayTotals, differences: result.differences, warnings: result.warnings };
    await writeFile(join(stage, 'result.json'), JSON.stringify(json, null, 2) + '\n');
    await writeFile(join(stage, 'report.html'), renderReport(result, { generatedAt: cstTimestamp() }));
    await writeFile(join(stage, 'differences.csv'), differencesCsv(result));
    // Each file renamed over its old self: atomic per file, the old day's files kept until then.
    await mkdir(folder, { recursive: true });
    const files = (await readdir(stage)).sort();
    for (const f of files) await rename(join(stage, f), join(folder, f));
    return { folder, result, files };
  } finally {
    await ac.close();
    await rm(stage, { recursive: true, force: true });
  }
}
