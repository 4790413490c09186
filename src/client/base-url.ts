/**
 * One URL convention for AmpClient, the CLI and the docs.
 *
 * The Java SDK's `URL` is the gateway base, `https://host/api/amp/hos`; the simulator prints
 * its origin, `http://127.0.0.1:PORT`. Both work everywhere:
 * - a bare origin (no path, or just "/") gets the standard prefix `/api/amp/hos`;
 * - a URL with any path is kept exactly as given (a deployment behind its own gateway path,
 *   `https://host/hos-gw`, or one already ending in `/api/amp/hos`).
 * A 404404 for a path without the prefix then says so (`prefixHint`), since that is the
 * usual reason a portal answers "该功能未开放".
 */
export const API_PREFIX = '/api/amp/hos';

/** `http://host:port` or `http://host:port/` → `http://host:port/api/amp/hos`; anything else unchanged. */
export function gatewayBase(url: string): string {
  const m = /^(https?:\/\/[^/?#]+)\/?$/i.exec(url.trim());
  return m ? `${m[1]}${API_PREFIX}` : url;
}

/** Bilingual hint for a 404404 answered to a request whose path lacks the standard prefix. */
export function prefixHint(requestUrl: URL | string): { zh: string; en: string } | undefined {
  let path: string;
  try {
    path = (typeof requestUrl === 'string' ? new URL(requestUrl) : requestUrl).pathname;
  } catch {
    return undefined;
  }
  if (path.includes(`${API_PREFIX}/`)) return undefined;
  return {
    zh: `请求路径 ${path} 不含标准前缀 ${API_PREFIX}，网关地址通常形如 https://门户/api/amp/hos`,
    en: `the request path ${path} lacks the standard prefix ${API_PREFIX}; the gateway base is usually https://host${API_PREFIX}`,
  };
}
