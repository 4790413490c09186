// The HTML report as a person sees it: rendered in headless Chromium (Debian's), checked for
// what is on screen — the day, the figures, the chart's bars, the table — then filtered by a
// click and by a #class= address. The page must load nothing from the network.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile, renderReport, type ReconcileResult } from '../../src/bill/index.js';
import { writeScenario } from './scenario.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let browser: Browser;
let file: string;
let result: ReconcileResult;

beforeAll(async () => {
  const s = await writeScenario();
  result = await reconcile({ platform: s.zip, his: s.hisJson, insurance: s.insJson });
  file = join(s.dir, 'report.html');
  writeFileSync(file, renderReport(result, { generatedAt: '2024-04-25 08:00:00' }));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe('the HTML report in Chromium', () => {
  it('shows the day, the figures, a bar per class and every difference, loading nothing from the network', async () => {
    expect(existsSync(CHROMIUM)).toBe(true);
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    expect(requests.every((u) => u.startsWith('file:'))).toBe(true);
    expect(await page.title()).toBe('三方对账报告 2024-04-24');
    expect(await page.locator('h1').innerText()).toContain('2024-04-24');
    expect(await page.locator('#verdict').innerText()).toBe(`发现 ${result.differences.length} 处差异`);
    expect(await page.locator('#count-matched').innerText()).toBe('3');
    expect(await page.locator('.card[data-class=amountDiffers] .amount').innerText()).toBe('¥ 46.80');
    // The chart: one bar per class, widths in proportion, the widest for the largest count.
    const widths = await page.locator('#chart rect').evaluateAll((els) => els.map((e) => (e as SVGRectElement).getBoundingClientRect().width));
    expect(widths).toHaveLength(12);
    expect(Math.max(...widths)).toBeGreaterThan(100);
    expect(widths[0]).toBeGreaterThan(widths[1]!); // matched 3 > amountDiffers 2
    expect(widths[1]).toBeGreaterThan(widths[2]!); // amountDiffers 2 > statusDiffers 1
    const rows = page.locator('#rows tr');
    expect(await rows.count()).toBe(result.differences.length);
    expect(await page.locator('#rows tr:visible').count()).toBe(result.differences.length);
    expect(await page.locator('#rows').innerText()).toContain('费用总额：门户 36.80 / HIS 36.90');
    await page.close();
  }, 60_000);

  it('filters the table by class with a click, and back to all', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.getByRole('button', { name: /^金额不符/ }).click();
    const visible = page.locator('#rows tr:visible');
    expect(await visible.count()).toBe(2);
    expect(await visible.evaluateAll((els) => els.every((e) => e.getAttribute('data-class') === 'amountDiffers'))).toBe(true);
    expect(await page.locator('#shown-count').innerText()).toBe('2');
    expect(page.url()).toMatch(/#class=amountDiffers$/);
    await page.getByRole('button', { name: /^全部差异/ }).click();
    expect(await page.locator('#rows tr:visible').count()).toBe(result.differences.length);
    await page.close();
  });

  it('prints on A4 landscape: the day totals, the institution, a highlighted differing amount beside the HIS references; no buttons', async () => {
    // A4 landscape at 96 CSS px per inch: 297 × 210 mm.
    const page = await browser.newPage({ viewport: { width: 1123, height: 794 } });
    await page.goto(pathToFileURL(file).href);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#day-totals').isVisible()).toBe(true);
    expect(await page.locator('#day-totals tr[data-figure=trades] td').first().innerText()).toBe(`${result.dayTotals.platform.trades.count} 笔 / ${result.dayTotals.platform.trades.amount}`);
    expect(await page.locator('#org').innerText()).toContain('H46040100001');
    expect(await page.locator('.filters').isVisible()).toBe(false);
    expect(await page.locator('.sign').isVisible()).toBe(true);
    // A2: HIS says 36.90, the portal 36.80 — both highlighted, the HIS's 院内流水 beside it.
    const a2 = page.locator('#rows tr', { hasText: 'A2' }).first();
    expect(await a2.locator('mark.differs').count()).toBeGreaterThanOrEqual(2);
    const bg = await a2.locator('mark.differs').first().evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(bg).toBe('rgb(255, 205, 210)');
    expect(await page.locator('#rows').innerText()).toContain('商户订单 M-A2');
    const shot = join(dirname(file), 'report-print.png');
    await page.screenshot({ path: shot, fullPage: false });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    if (process.env.REPORT_SCREENSHOT) copyFileSync(shot, process.env.REPORT_SCREENSHOT);
    await page.close();
  }, 60_000);

  it('opens already filtered from a #class= address (chromium --dump-dom, after the script ran)', () => {
    const dom = execFileSync(
      CHROMIUM,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--dump-dom', `${pathToFileURL(file).href}#class=onlyInsurance`],
      { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    expect(dom).toContain('data-filter="onlyInsurance"');
    expect(dom).toMatch(/<span id="shown-count">1<\/span>/);
    const hidden = dom.match(/<tr data-class="[a-zA-Z]+" style="display: none;">/g) ?? [];
    expect(hidden).toHaveLength(result.differences.length - 1);
  }, 90_000);
});
