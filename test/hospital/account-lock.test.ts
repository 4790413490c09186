// The per-account lock the toolkit gives a HIS: a balance checked and debited inside one
// withAccountLock call is never overdrawn by two settlements of two bills at once; without it
// (checked, then an await, then debited) the same two settlements both pass.
import { afterEach, describe, expect, it } from 'vitest';
import { createHospitalServer, createKeyedLock, type HospitalHandlers, type HospitalServer } from '../../src/hospital/index.js';
import { exampleHandlers, postJson, selfPayAccount, settleRequest } from './helpers.js';

const servers: HospitalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A HIS whose balance (1000 fen) pays each bill in full; `locked` puts check + debit in the account lock. */
async function his(locked: boolean) {
  const account = { balance_fen: 1000 };
  const handlers: HospitalHandlers = {
    ...exampleHandlers(),
    queryAccount: async () => selfPayAccount(),
    rechargeSettle: async (req, ctx) => {
      const pay = Math.round(Number(req.hosp_balc_pay_amt) * 100);
      const settle = async () => {
        if (pay > account.balance_fen) return { result: 'fail' as const, call_sn: '', ret_msg: '余额不足' };
        await new Promise((r) => setTimeout(r, 50)); // the database write
        account.balance_fen -= pay;
        return { result: 'succ' as const, call_sn: `C${req.org_trace_no}` };
      };
      return locked ? ctx.withAccountLock(String(req.mdtrt_cert_no), settle) : settle();
    },
  };
  const server = await createHospitalServer(handlers, { log: false });
  servers.push(server);
  const pay = (trace: string) =>
    postJson(`${server.url}/rechargeSettle`, { ...settleRequest(trace), deposit_amount: '0.00', hosp_balc_pay_amt: '10.00' });
  return { account, pay };
}

describe('withAccountLock', () => {
  it('two bills paid at once from a balance that covers one: one succ, one fail, the balance never below 0', async () => {
    const { account, pay } = await his(true);
    const replies = await Promise.all([pay('B1'), pay('B2')]);
    expect(replies.map((r) => r.json.result).sort()).toEqual(['fail', 'succ']);
    expect(account.balance_fen).toBe(0);
  });

  it('(the same handler checking outside the lock overdraws: what the lock is for)', async () => {
    const { account, pay } = await his(false);
    const replies = await Promise.all([pay('B1'), pay('B2')]);
    expect(replies.map((r) => r.json.result)).toEqual(['succ', 'succ']);
    expect(account.balance_fen).toBe(-1000);
  });
});

describe('createKeyedLock', () => {
  it('runs calls with one key one after another in arrival order, other keys side by side, and goes on after a throw', async () => {
    const lock = createKeyedLock();
    const events: string[] = [];
    const step = (name: string, ms: number, fail = false) => async () => {
      events.push(`${name}+`);
      await new Promise((r) => setTimeout(r, ms));
      events.push(`${name}-`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([lock('a', step('a1', 30, true)), lock('a', step('a2', 5)), lock('b', step('b1', 5))]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['a1', 'a2', 'b1']);
    // b1 ran while a1 held 'a'; a2 started only after a1 had finished.
    expect(events.indexOf('b1+')).toBeLessThan(events.indexOf('a1-'));
    expect(events.indexOf('a2+')).toBeGreaterThan(events.indexOf('a1-'));
  });
});
