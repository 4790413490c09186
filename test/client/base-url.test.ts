// One URL convention for AmpClient and the CLI: a bare origin gets /api/amp/hos, any path is kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmpClient, AmpPortalError } from '../../src/client/index.js';
import { gatewayBase } from '../../src/client/base-url.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { DEMO, javaExampleParams } from './helpers.js';

let portal: PortalHandle;
beforeAll(async () => {
  portal = await startPortal({ refundDelayMs: 0 });
});
afterAll(() => portal.close());

describe('gateway base URL', () => {
  it('adds the standard prefix to a bare origin only', () => {
    expect(gatewayBase('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/api/amp/hos');
    expect(gatewayBase('HTTPS://portal.example/')).toBe('HTTPS://portal.example/api/amp/hos');
    expect(gatewayBase('https://portal.example/api/amp/hos')).toBe('https://portal.example/api/amp/hos');
    expect(gatewayBase('https://portal.example/gw')).toBe('https://portal.example/gw');
    expect(gatewayBase('https://portal.example?x=1')).toBe('https://portal.example?x=1');
  });

  it('calls the simulator with the origin it prints, and with the full base', async () => {
    for (const url of [portal.url, `${portal.url}/`, `${portal.url}/api/amp/hos`, `${portal.url}/api/amp/hos/`]) {
      const client = new AmpClient({ ...DEMO, url });
      try {
        expect(client.options.url).toBe(`${portal.url}/api/amp/hos${url.endsWith('hos/') ? '/' : ''}`);
        await expect(client.pushMsg(javaExampleParams() as never)).resolves.toEqual({ response: 'SUCCESS' });
      } finally {
        await client.close();
      }
    }
  });

  it('keeps a URL with another path, and says so when the portal answers 404404', async () => {
    const client = new AmpClient({ ...DEMO, url: `${portal.url}/hos-gateway` });
    try {
      const err = await client.pushMsg(javaExampleParams() as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AmpPortalError);
      const e = err as AmpPortalError;
      expect(e.code).toBe('404404');
      expect(e.message).toContain('/hos-gateway/pushMsg');
      expect(e.message).toContain('不含标准前缀 /api/amp/hos');
      expect(e.message).toContain('lacks the standard prefix /api/amp/hos');
      const r = await client.common('/pushMsg', javaExampleParams());
      expect(r.respCode).toBe('404404');
      expect(r.respMsg).toContain('/api/amp/hos');
    } finally {
      await client.close();
    }
  });

  it('adds no hint to a 404404 for a path that has the prefix', async () => {
    const client = new AmpClient({ ...DEMO, url: portal.url });
    try {
      const r = await client.common('/noSuchInterface', {});
      expect(r.respCode).toBe('404404');
      expect(r.respMsg).not.toContain('标准前缀');
    } finally {
      await client.close();
    }
  });
});
