// `onetrans portal --config` names the key you meant, as AmpClient options and OneTrans.json do.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerPortalCommand } from '../../src/cli/portal.js';

describe('onetrans portal --config', () => {
  it('suggests the key meant for a misspelt one, and starts nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onetrans-portal-cfg-'));
    try {
      const file = join(dir, 'portal.json');
      await writeFile(file, JSON.stringify({ refundDelay: 10, seedTrade: false, port: 0 }));
      const errors: string[] = [];
      let started = false;
      const program = new Command().exitOverride().configureOutput({ writeErr: (s) => errors.push(s), writeOut: () => undefined });
      registerPortalCommand(program, { out: () => undefined, onStarted: () => (started = true) });
      await expect(program.parseAsync(['portal', '--config', file], { from: 'user' })).rejects.toThrow();
      const text = errors.join('');
      expect(text).toContain('未知配置项 refundDelay，是否应为 refundDelayMs？');
      expect(text).toContain('did you mean refundDelayMs?');
      expect(text).toContain('did you mean seedTrades?');
      expect(started).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
