// HIS keys handed to the store from a CSV row's text (KeyCells, no string per key) are the keys the
// same values give from JSON: the backtick, spaces of any kind, quoted values, Chinese text, packed
// hex, and records with no key at all (left out with the same warning).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HisStore } from '../../src/bill/his-store.js';
import { eachHisRecord, readHisRecords } from '../../src/bill/inputs.js';
import { WarningList } from '../../src/bill/warnings.js';
import { tempDir } from './helpers.js';

const KEYS = [
  'a59ffe7b5b1340cd9de01f7b00000001', '` a59ffe7b5b1340cd9de01f7b00000002 ', ' `A59FFE7B', '\u3000ORD-9\u3000', '订单，一', '', '`', '12345678', '1234567',
  'x"y', 'a,b', '\u00a0dead beef', '挂号单',
];

describe('HIS keys', () => {
  it('stored from CSV cells exactly as from JSON values, skipped records included', async () => {
    const dir = tempDir();
    const rows = KEYS.map((k, i) => ({ amp_trace_id: k, mch_trace_no: KEYS[(i + 3) % KEYS.length]!, setl_id: i % 4 === 0 ? '' : KEYS[(i + 7) % KEYS.length]!, feesum_amt: '1.00', status: 'settled' }));
    rows.push({ amp_trace_id: '', mch_trace_no: ' ', setl_id: '`', feesum_amt: '1.00', status: 'settled' });
    writeFileSync(join(dir, 'his.json'), JSON.stringify(rows));
    const quote = (v: string, always: boolean) => (always || /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    writeFileSync(
      join(dir, 'his.csv'),
      ['amp_trace_id,mch_trace_no,setl_id,feesum_amt,status', ...rows.map((r, i) => [quote(r.amp_trace_id, i % 3 === 1), quote(r.mch_trace_no, false), quote(r.setl_id, i % 5 === 2), r.feesum_amt, r.status].join(','))].join('\r\n'),
    );
    const fromJson = new WarningList('his');
    const json = await readHisRecords(join(dir, 'his.json'), fromJson);
    const store = new HisStore();
    const fromCsv = new WarningList('his');
    await eachHisRecord(join(dir, 'his.csv'), fromCsv, undefined, (r, keys) => {
      expect(keys).toBeDefined();
      store.push(r, keys);
    }, { refs: false, keyCells: true });
    expect(store.n).toBe(json.length);
    expect(json.length).toBe(rows.length - 1);
    for (let i = 0; i < store.n; i++) {
      const got = store.record(i);
      expect([got.ampTraceId, got.mchTraceNo, got.setlId]).toEqual([json[i]!.ampTraceId, json[i]!.mchTraceNo, json[i]!.setlId]);
    }
    expect(store.lacksAmp).toBe(json.some((r) => !r.ampTraceId));
    expect(store.lacksAmpMch).toBe(json.some((r) => !r.ampTraceId && !r.mchTraceNo));
    expect(fromCsv.list().map((w) => [w.code, w.line])).toEqual(fromJson.list().map((w) => [w.code, (w.line ?? 0) + 1]));
    expect(fromCsv.list().map((w) => w.code)).toEqual(['INPUT_RECORD_SKIPPED']);
    // A 32-digit amp_trace_id from a cell is found by the string the trade file gives.
    expect(store.amp.equals(0, 'a59ffe7b5b1340cd9de01f7b00000001')).toBe(true);
    expect(store.amp.equals(1, 'a59ffe7b5b1340cd9de01f7b00000002')).toBe(true);
  });
});
