/**
 * Why a trade file (or a reconciliation input) was refused. Every refusal is an AmpError with a
 * protocol.md §5 code and, beside it, a stable `reason` a program can switch on; the message is
 * in Chinese and English and never quotes the file's content.
 */
import { AmpError } from '../core/errors.js';

export type BillErrorReason =
  /** No downloadUrl, HTTP status not 200, a network failure or timeout (000100). */
  | 'DOWNLOAD_FAILED'
  /** The download is over the size cap (000100). */
  | 'DOWNLOAD_TOO_LARGE'
  /** The link's one-minute validity ran out before the download finished (000100). */
  | 'LINK_EXPIRED'
  /** digestType other than SHA1 (000101). */
  | 'UNSUPPORTED_DIGEST'
  /** SHA1 of the download is not `digest` (000102). */
  | 'DIGEST_MISMATCH'
  /** Not a readable zip, an encrypted entry, or entry sizes that lie (000105). */
  | 'BAD_ZIP'
  /** Not exactly one CSV entry (000105). */
  | 'NOT_ONE_CSV'
  /** An entry name with `..`, an absolute path or a drive letter (000105). */
  | 'ZIP_SLIP'
  /** Uncompressed size or compression ratio over the caps (000105). */
  | 'ZIP_BOMB'
  /** Neither UTF-8 nor GBK, or the text changes encoding midway (000105). */
  | 'BAD_ENCODING'
  /** No detail header with the trade file's columns (000105). */
  | 'NOT_TRADE_FILE'
  /** A HIS / insurance / --map file that cannot be read as records (000105). */
  | 'BAD_INPUT'
  /** A line or field of a trade file over the reader's cap (an unclosed quote, no line breaks) (000105). */
  | 'TOO_LONG';

const CODE: Record<BillErrorReason, string> = {
  DOWNLOAD_FAILED: '000100',
  DOWNLOAD_TOO_LARGE: '000100',
  LINK_EXPIRED: '000100',
  UNSUPPORTED_DIGEST: '000101',
  DIGEST_MISMATCH: '000102',
  BAD_ZIP: '000105',
  NOT_ONE_CSV: '000105',
  ZIP_SLIP: '000105',
  ZIP_BOMB: '000105',
  BAD_ENCODING: '000105',
  NOT_TRADE_FILE: '000105',
  BAD_INPUT: '000105',
  TOO_LONG: '000105',
};

export class BillError extends AmpError {
  readonly reason: BillErrorReason;
  constructor(reason: BillErrorReason, zh: string, en: string, details?: unknown, options?: { cause?: unknown }) {
    super(CODE[reason], zh, en, details, options);
    this.name = 'BillError';
    this.reason = reason;
  }
}
