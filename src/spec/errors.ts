// Errors raised by src/spec for wrong use of its API (not for invalid parameters, which are
// reported as ValidationIssues). Same shape as core's AmpError: a stable code from
// protocol.md §5 and a message in Chinese and English.
export class SpecError extends Error {
  override readonly name = 'SpecError';
  /** 000105 参数校验不合法. */
  readonly code = '000105';
  constructor(
    readonly messageZh: string,
    readonly messageEn: string,
  ) {
    super(`${messageZh} / ${messageEn}`);
  }
}
