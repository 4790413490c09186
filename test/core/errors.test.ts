// One error family: every error onetrans raises is an AmpError with a stable §5 code, and a
// configuration mistake is 000105 with a message (never a stray TypeError, which common() and
// the DLL would report as 000001).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AmpConfigError,
  AmpError,
  AmpPortalError,
  resolveProfile,
  toAmpError,
} from '../../src/core/index.js';
import { AmpClient } from '../../src/client/index.js';
import { SpecError, requireInterface } from '../../src/spec/index.js';
import { FrameError, RequestDecoder, encodeRequest } from '../../src/bridge/frames.js';
import { FaultTable, Ledger, TradeInputError, checkPortalOptions, parseAppSpec } from '../../src/portal/index.js';
import { suggest } from '../../src/core/suggest.js';
import { DEMO } from '../client/helpers.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
}

describe('one error family', () => {
  it('a misspelt profile key is 000105 naming the key meant, from resolveProfile and from AmpClient', () => {
    const e = thrown(() => resolveProfile({ signKeyNmae: 'k' } as never));
    expect(e).toBeInstanceOf(AmpConfigError);
    expect(e).toMatchObject({ code: '000105' });
    expect((e as Error).message).toMatch(/signKeyNmae.*signKeyName/);
    const c = thrown(() => new AmpClient({ url: 'http://127.0.0.1:1', ...DEMO, profile: { versoin: '2' } as never }));
    expect(c).toBeInstanceOf(AmpError);
    expect(c).toMatchObject({ code: '000105' });
    expect(toAmpError(c).code).toBe('000105');
  });

  it('portal configuration and fault options are 000105 AmpConfigErrors listing every problem', () => {
    const cfg = thrown(() => checkPortalOptions({ port: -1, colour: 'red' } as never));
    expect(cfg).toBeInstanceOf(AmpConfigError);
    expect((cfg as AmpConfigError).problems).toHaveLength(2);
    expect(thrown(() => parseAppSpec('no-colon'))).toMatchObject({ code: '000105' });
    const fault = thrown(() => new FaultTable().add({ suffix: '/nope', mode: 'explode', count: 0 }));
    expect(fault).toBeInstanceOf(AmpConfigError);
    expect((fault as AmpConfigError).problems).toHaveLength(3);
  });

  it('SpecError, FrameError and TradeInputError are AmpErrors with stable codes', () => {
    const spec = thrown(() => requireInterface('/queryAccount'));
    expect(spec).toBeInstanceOf(SpecError);
    expect(spec).toBeInstanceOf(AmpError);
    expect(spec).toMatchObject({ code: '000105' });
    const frame = thrown(() => new RequestDecoder(8).push(encodeRequest(1, 1, Buffer.alloc(64))));
    expect(frame).toBeInstanceOf(FrameError);
    expect(frame).toMatchObject({ code: '000002' });
    const trade = thrown(() => new Ledger().addTrade({ orgCode: 5 } as never));
    expect(trade).toBeInstanceOf(TradeInputError);
    expect(trade).toBeInstanceOf(AmpError);
    expect(trade).toMatchObject({ code: '000105' });
  });

  it("a portal error says the portal's words once", () => {
    const e = new AmpPortalError('404404', '该功能未开放：/refund / not found: /refund');
    expect(e.message.split('/refund').length - 1).toBe(2); // once in each of the portal's two languages
    expect(e.message).toBe('门户返回 404404 / portal answered 404404: 该功能未开放：/refund / not found: /refund');
    expect(e.respMsg).toBe('该功能未开放：/refund / not found: /refund');
    expect(toAmpError(new Error('boom')).message).toBe('未知错误 / unknown error: boom');
  });

  it('suggest() finds the name meant and nothing for a far-off one', () => {
    expect(suggest('readTimeoutMS', ['readTimeoutMs', 'connectTimeoutMs'])).toBe('readTimeoutMs');
    expect(suggest('zzzzzzzz', ['readTimeoutMs'])).toBeUndefined();
    expect(suggest('x'.repeat(100_000), ['readTimeoutMs'])).toBeUndefined();
  });
});

// The rule (top of src/core/errors.ts): every exported error class extends AmpError, directly or
// through another of ours; an error class that does not is private to its file.
describe('where error classes live', () => {
  const SRC = join(__dirname, '..', '..', 'src');
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
  const classes = new Map<string, { base: string; exported: boolean; file: string }>();
  for (const f of files(SRC)) {
    for (const m of readFileSync(f, 'utf8').matchAll(/^(export )?class (\w+)(?:<[^>]*>)? extends (\w+)/gm)) {
      classes.set(m[2]!, { base: m[3]!, exported: !!m[1], file: f.slice(SRC.length + 1) });
    }
  }
  const reachesAmpError = (name: string): boolean => {
    for (let n = name, i = 0; i < 10; i++) {
      if (n === 'AmpError') return true;
      const c = classes.get(n);
      if (!c) return false;
      n = c.base;
    }
    return false;
  };

  it('every exported class extending Error reaches AmpError; the rest are private to one file', () => {
    const errorLike = [...classes].filter(([name]) => {
      for (let n = name, i = 0; i < 10; i++) {
        const c = classes.get(n);
        if (!c) return n === 'Error';
        n = c.base;
      }
      return false;
    });
    expect(errorLike.length).toBeGreaterThan(10);
    const stray = errorLike.filter(([name, c]) => c.exported && !reachesAmpError(name) && !/Answer$/.test(name)).map(([n, c]) => `${c.file}: ${n}`);
    expect(stray).toEqual([]);
  });

  it('AmpError is imported from src/core/errors.ts, not through codes.ts', () => {
    const through = files(SRC).filter((f) => /import \{[^}]*\bAmpError\b[^}]*\} from '[./]*(core\/)?codes\.js'/.test(readFileSync(f, 'utf8')));
    expect(through).toEqual([]);
  });
});
