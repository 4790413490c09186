/**
 * gateway.json "allowedClients": which workstation addresses may connect. Entries are exact
 * addresses ("10.1.2.3", "::1") or IPv4 ranges in CIDR form ("10.1.2.0/24").
 */
import { isIP } from 'node:net';

function ipv4ToInt(a: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** Why an entry is unusable, or undefined when it is fine. */
export function allowEntryProblem(entry: string): string | undefined {
  const [addr, bits, extra] = entry.split('/');
  if (extra !== undefined || !addr) return 'not an address';
  if (bits === undefined) return isIP(addr) ? undefined : 'not an IP address';
  if (ipv4ToInt(addr) === undefined || !/^\d{1,2}$/.test(bits) || Number(bits) > 32) return 'not an IPv4 CIDR range';
  return undefined;
}

export function addressAllowed(remote: string, entries: readonly string[]): boolean {
  const addr = remote.startsWith('::ffff:') && remote.includes('.') ? remote.slice(7) : remote;
  const ip4 = ipv4ToInt(addr);
  for (const e of entries) {
    const [a, bits] = e.split('/');
    if (bits === undefined) {
      if (a === addr) return true;
      continue;
    }
    const base = ipv4ToInt(a!);
    if (ip4 === undefined || base === undefined) continue;
    const n = Number(bits);
    const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
    if (((ip4 & mask) >>> 0) === ((base & mask) >>> 0)) return true;
  }
  return false;
}
