import { performance } from 'node:perf_hooks';

export interface Result {
  name: string;
  n: number;
  medianUs: number;
  p99Us: number;
  opsPerSec: number;
  note?: string;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function summarise(name: string, samplesMs: number[], note?: string): Result {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const total = samplesMs.reduce((a, b) => a + b, 0);
  return {
    name,
    n: samplesMs.length,
    medianUs: percentile(sorted, 50) * 1000,
    p99Us: percentile(sorted, 99) * 1000,
    opsPerSec: samplesMs.length / (total / 1000),
    note,
  };
}

/** Runs `fn` n times after a warm-up and returns per-call timings. */
export function measure(name: string, n: number, fn: () => void): Result {
  for (let i = 0; i < Math.min(2000, n); i++) fn();
  const samples = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    samples[i] = performance.now() - t0;
  }
  return summarise(name, samples);
}

export async function measureAsync(name: string, n: number, fn: () => Promise<unknown>, warmup = 50): Promise<Result> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    samples[i] = performance.now() - t0;
  }
  return summarise(name, samples);
}

export function printTable(results: Result[]): void {
  const rows = results.map((r) => [
    r.name,
    String(r.n),
    r.medianUs.toFixed(1),
    r.p99Us.toFixed(1),
    Math.round(r.opsPerSec).toLocaleString('en-US'),
    r.note ?? '',
  ]);
  const head = ['benchmark', 'n', 'median µs', 'p99 µs', 'ops/s', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}
