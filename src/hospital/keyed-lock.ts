// One-at-a-time per key, for async work in one process. The toolkit runs the calls that book
// one at a time per org_trace_no; a HIS needs the same per account: a balance must be checked
// and debited as one step, or two settlements of two bills of one patient, each checking the
// balance before either debits it, both pass and overdraw it (see docs/hospital.md).

/** Runs `fn` after every earlier call with the same key has finished (resolved or thrown). */
export type KeyedLock = <T>(key: string, fn: () => T | Promise<T>) => Promise<T>;

/**
 * A lock keyed by a string (an account, a patient's cert_no): `await lock(key, async () => {
 * check; await write; })`. Calls with different keys run side by side; calls with the same key
 * run one after another in arrival order. A key's entry is dropped once its last call is done,
 * so the map holds only keys in use. It guards one process only: several HIS processes sharing
 * one database need the database's own lock (a transaction, SELECT … FOR UPDATE).
 */
export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<void>>();
  return async <T>(key: string, fn: () => T | Promise<T>): Promise<T> => {
    if (typeof key !== 'string') throw new TypeError('lock key must be a string');
    const prev = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = prev.then(() => mine);
    tails.set(key, tail);
    await prev;
    try {
      return await fn();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
