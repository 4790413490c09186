// onetrans probe against simulators that each play one non-default profile setting: the probe
// finds a working profile, and that profile, given to AmpClient, then works for pushMsg.
import { afterEach, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import smCrypto from 'sm-crypto';
import { AmpClient } from '../../src/client/index.js';
import { registerProbeCommand } from '../../src/cli/probe.js';
import type { ProfileOverrides } from '../../src/core/index.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { javaExampleParams } from '../client/helpers.js';

const APP = { appId: 'St82fYdfk6ph4YiFpMwa4yw9TYr8wCmM', appSecret: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM', orgId: 'H35010200227' };
const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const SM2_CLIENT = smCrypto.sm2.generateKeyPairHex();
const SM2_SERVER = smCrypto.sm2.generateKeyPairHex();
const SM2_APP = { appId: 'SM2PROBEaaaaaaaaaaaaaaaaaaaaaaaa', appSecret: 'SM2PROBESECRETbbbbbbbbbbbbbbbbbb', clientPubKey: b64(SM2_CLIENT.publicKey), serverPrvKey: b64(SM2_SERVER.privateKey) };
const SM2_FLAGS = ['--sign-type', 'SM2', '--client-prv-key', b64(SM2_CLIENT.privateKey), '--server-pub-key', b64(SM2_SERVER.publicKey)];

let portals: PortalHandle[] = [];
afterEach(async () => {
  await Promise.all(portals.map((p) => p.close()));
  portals = [];
});

async function simulator(profile: ProfileOverrides): Promise<{ portal: PortalHandle; lines: string[] }> {
  const lines: string[] = [];
  const portal = await startPortal({ profile, apps: [SM2_APP], seedTrades: false, log: (l) => lines.push(l) });
  portals.push(portal);
  return { portal, lines };
}

async function probe(args: string[]): Promise<{ out: string; err: string; code: number | undefined }> {
  let out = '';
  let err = '';
  let code: number | undefined;
  const program = new Command().exitOverride();
  registerProbeCommand(program, { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n'), exit: (c) => (code = c), env: {} });
  await program.parseAsync(['node', 'onetrans', 'probe', ...args]);
  return { out, err, code };
}

function creds(portal: PortalHandle, sm2: boolean): string[] {
  const app = sm2 ? SM2_APP : APP;
  return ['--url', portal.url, '--app-id', app.appId, '--app-secret', app.appSecret, '--org-id', APP.orgId, '--org-code', 'H35010200227', ...(sm2 ? SM2_FLAGS : [])];
}

function profileFile(profile: ProfileOverrides): string {
  const dir = mkdtempSync(join(tmpdir(), 'onetrans-probe-'));
  const file = join(dir, 'profile.json');
  writeFileSync(file, JSON.stringify({ profile }));
  return file;
}

interface Case {
  name: string;
  sim: ProfileOverrides;
  /** What the probe must report (a subset of its profile). */
  expect: ProfileOverrides;
  sm2?: boolean;
  /** Known settings handed to the probe with --profile (suffixes it cannot discover). */
  given?: ProfileOverrides;
  responseVerified?: boolean;
}

const CASES: Case[] = [
  { name: 'today\'s defaults', sim: {}, expect: {}, responseVerified: true },
  { name: 'timestampFormat epochMillis', sim: { timestampFormat: 'epochMillis' }, expect: { timestampFormat: 'epochMillis' }, responseVerified: true },
  { name: 'timestampFormat epochSeconds', sim: { timestampFormat: 'epochSeconds' }, expect: { timestampFormat: 'epochSeconds' }, responseVerified: true },
  { name: 'timestampFormat compact', sim: { timestampFormat: 'compact' }, expect: { timestampFormat: 'compact' }, responseVerified: true },
  { name: 'encDataNulls drop', sim: { encDataNulls: 'drop' }, expect: { encDataNulls: 'drop' }, responseVerified: true },
  { name: 'encDataAscii', sim: { encDataAscii: true }, expect: { encDataAscii: true }, responseVerified: true },
  { name: 'topLevelOrder caseInsensitive', sim: { topLevelOrder: 'caseInsensitive' }, expect: {}, responseVerified: true },
  { name: 'sm2UserId appSecret', sim: { sm2UserId: 'appSecret' }, expect: { sm2UserId: 'appSecret' }, sm2: true, responseVerified: true },
  { name: 'sm2UserId custom (given)', sim: { sm2UserId: 'HOSPITAL-0001' }, expect: { sm2UserId: 'HOSPITAL-0001' }, sm2: true, given: { sm2UserId: 'HOSPITAL-0001' }, responseVerified: true },
  { name: 'responseSignature warn', sim: { responseSignature: 'warn' }, expect: { responseSignature: 'warn' }, responseVerified: false },
  { name: 'responseSignature off', sim: { responseSignature: 'off' }, expect: { responseSignature: 'warn' }, responseVerified: false },
  { name: 'suffixes pushMsg /sendMsg (given)', sim: { suffixes: { pushMsg: '/sendMsg' } }, expect: { suffixes: { pushMsg: '/sendMsg' } }, given: { suffixes: { pushMsg: '/sendMsg' } }, responseVerified: true },
  {
    name: 'epochMillis + drop + ascii together',
    sim: { timestampFormat: 'epochMillis', encDataNulls: 'drop', encDataAscii: true },
    expect: { timestampFormat: 'epochMillis', encDataNulls: 'drop', encDataAscii: true },
    responseVerified: true,
  },
];

describe.each(CASES)('onetrans probe finds a simulator with $name', (c) => {
  it('prints a profile that then works for pushMsg, sending only a handful of read-only queries', async () => {
    const { portal, lines } = await simulator(c.sim);
    const r = await probe([...creds(portal, !!c.sm2), '--json', ...(c.given ? ['--profile', profileFile(c.given)] : [])]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out) as { profile: ProfileOverrides; tried: { settings: Record<string, unknown>; code: string }[]; responseVerified: boolean };
    expect(Object.keys(result).sort()).toEqual(['profile', 'responseVerified', 'tried']);
    expect(result.profile).toMatchObject(c.expect);
    expect(result.responseVerified).toBe(c.responseVerified);
    for (const t of result.tried) expect(Object.keys(t).sort()).toEqual(['code', 'settings']);
    expect(result.tried.length).toBeLessThanOrEqual(8);

    // Only queryRefundResult went out; nothing was pushed or refunded.
    expect(lines.length).toBe(result.tried.length);
    for (const l of lines) expect(l).toMatch(/^POST \/api\/amp\/hos\/queryRefundResult /);
    expect(portal.messages).toHaveLength(0);
    expect(portal.ledger.listRefunds()).toHaveLength(0);

    const app = c.sm2 ? SM2_APP : APP;
    const client = new AmpClient({
      url: portal.url,
      appId: app.appId,
      appSecret: app.appSecret,
      orgId: APP.orgId,
      profile: result.profile,
      logger: () => {},
      ...(c.sm2 ? { signType: 'SM2' as const, clientPrvKey: b64(SM2_CLIENT.privateKey), serverPubKey: b64(SM2_SERVER.publicKey) } : {}),
    });
    try {
      const push = await client.common('/pushMsg', { ...javaExampleParams(), extData: null });
      expect(push).toMatchObject({ success: true, respCode: '000000', param: { response: 'SUCCESS' } });
    } finally {
      await client.close();
    }
  });
});

describe('onetrans probe output', () => {
  it('prints findings and ready-to-paste blocks for OneTrans.json and AmpClient', async () => {
    const { portal } = await simulator({ timestampFormat: 'compact', responseSignature: 'warn' });
    const r = await probe(creds(portal, false));
    expect(r.code).toBe(0);
    expect(r.out).toContain('OneTrans.json:');
    expect(r.out).toContain('"profile": {');
    expect(r.out).toContain('"timestampFormat": "compact"');
    expect(r.out).toContain('AmpClient:');
    expect(r.out).toContain('new AmpClient({');
    expect(r.out).toMatch(/!!! WARNING: the portal's answer signature verifies under no known rule/);
    expect(r.out).not.toContain(APP.appSecret);
  });

  it('exits 1 and says what to check when nothing is accepted (wrong secret)', async () => {
    const { portal } = await simulator({});
    const args = creds(portal, false);
    args[args.indexOf('--app-secret') + 1] = 'WrongSecretWrongSecretWrongSecre';
    const r = await probe([...args, '--json']);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.out);
    expect(result.tried.length).toBeGreaterThanOrEqual(1);
    expect(result.tried.length).toBeLessThanOrEqual(8);
    const human = await probe(args);
    expect(human.out).toMatch(/appSecret/);
    expect(human.code).toBe(1);
  });

  it('says in its help that it never sends a refund, a push or a trade-file request', async () => {
    let help = '';
    const program = new Command().exitOverride().configureOutput({ writeOut: (s) => (help += s) });
    registerProbeCommand(program, { env: {} });
    await expect(program.parseAsync(['node', 'onetrans', 'probe', '--help'])).rejects.toThrow();
    expect(help).toMatch(/never a refund, a push or a trade-file request/);
    expect(help).toMatch(/绝不发送退款、消息推送或对账文件请求/);
  });

  it('is a usage error (exit 2) without --org-code', async () => {
    const { portal } = await simulator({});
    const args = creds(portal, false).filter((a, i, all) => a !== '--org-code' && all[i - 1] !== '--org-code');
    const r = await probe(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--org-code/);
  });
});

describe('the probe\'s profile through the command line', () => {
  it('onetrans portal --profile plays the variant; probe --json output feeds onetrans call --profile', async () => {
    const { registerPortalCommand } = await import('../../src/cli/portal.js');
    const { registerCallCommand } = await import('../../src/cli/call.js');
    const simProfile = profileFile({ timestampFormat: 'epochSeconds', encDataAscii: true });
    const lines: string[] = [];
    const abort = new AbortController();
    let started!: (p: PortalHandle) => void;
    const ready = new Promise<PortalHandle>((r) => (started = r));
    const program = new Command().exitOverride();
    registerPortalCommand(program, { out: (l) => lines.push(l), onStarted: started, signal: abort.signal });
    const done = program.parseAsync(['portal', '--port', '0', '--quiet', '--profile', simProfile], { from: 'user' });
    const portal = await ready;
    try {
      expect(lines.join('\n')).toContain('protocol profile (non-default): {"encDataAscii":true,"timestampFormat":"epochSeconds"}');
      const r = await probe([...creds(portal, false), '--json']);
      expect(r.code).toBe(0);
      const dir = mkdtempSync(join(tmpdir(), 'onetrans-probe-call-'));
      const file = join(dir, 'probe.json');
      writeFileSync(file, r.out);
      let out = '';
      let code: number | undefined;
      const callProgram = new Command().exitOverride();
      registerCallCommand(callProgram, { out: (s) => (out += s), err: () => {}, exit: (c) => (code = c), env: {} });
      const args = creds(portal, false).filter((a, i, all) => a !== '--org-code' && all[i - 1] !== '--org-code');
      await callProgram.parseAsync(['node', 'onetrans', 'call', 'pushMsg', ...args, '--profile', file, '--data', JSON.stringify(javaExampleParams())]);
      expect(JSON.parse(out)).toMatchObject({ success: true, respCode: '000000', param: { response: 'SUCCESS' } });
      expect(code).toBe(0);
    } finally {
      abort.abort();
      await done;
    }
  });
});
