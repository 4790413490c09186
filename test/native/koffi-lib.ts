/** The library's three exports through koffi; every call goes through .async() so the
 * event loop (and any HTTP server in this process) keeps running while the library waits. */
import koffi from 'koffi';

export interface OneTransLib {
  /** MobileTrans(pInData, pOutData): in is NUL-terminated bytes (or null), out a Buffer (or null). */
  mobileTrans(input: Buffer | null, out: Buffer | null): Promise<string>;
  mobileTransEx(input: Buffer | null, out: Buffer | null, outSize: number): Promise<string>;
  version(): string;
}

export function cstr(text: string | Buffer): Buffer {
  const b = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  return Buffer.concat([b, Buffer.from([0])]);
}

/** Text up to the first NUL. */
export function outText(out: Buffer): string {
  const end = out.indexOf(0);
  return out.toString('utf8', 0, end < 0 ? out.length : end);
}

export function loadOneTrans(libPath: string): OneTransLib {
  const lib = koffi.load(libPath);
  const mt = lib.func('const char *MobileTrans(const uint8_t *pInData, uint8_t *pOutData)');
  const mtx = lib.func('const char *MobileTransEx(const uint8_t *pInData, uint8_t *pOutData, int outSize)');
  const ver = lib.func('const char *OneTransVersion(void)');
  const call = (fn: koffi.KoffiFunction, ...args: unknown[]) =>
    new Promise<string>((resolve, reject) => fn.async(...args, (err: unknown, res: string) => (err ? reject(err) : resolve(res))));
  return {
    mobileTrans: (input, out) => call(mt, input, out),
    mobileTransEx: (input, out, n) => call(mtx, input, out, n),
    version: () => ver() as string,
  };
}
