/**
 * The options every command that plays the portal against a hospital shares (`portal pay`,
 * `conformance`): the base URL, whose path prefix is kept, and repeatable --header NAME:VALUE.
 * Both are checked before any call, so a typo is exit 2 with a reason, not a network error.
 */
import { InvalidArgumentError } from 'commander';
import { AmpError } from '../core/errors.js';
import { checkHeaders, checkHisUrl, parseHeader } from '../org/index.js';

const asArgumentError = (e: unknown): never => {
  if (e instanceof AmpError) throw new InvalidArgumentError(e.message);
  throw e;
};

/** --his: an http(s) URL; any path after host:port is the HIS's own prefix and stays. */
export function hisUrl(v: string): string {
  try {
    checkHisUrl(v);
    return v;
  } catch (e) {
    return asArgumentError(e);
  }
}

/** --header NAME:VALUE, repeatable; collected into one object. */
export function collectHeader(v: string, acc: Record<string, string> = {}): Record<string, string> {
  try {
    const [name, value] = parseHeader(v);
    checkHeaders({ [name]: value });
    return { ...acc, [name]: value };
  } catch (e) {
    return asArgumentError(e);
  }
}
