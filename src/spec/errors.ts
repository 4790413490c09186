// The spec area's own error (the rule: src/core/errors.ts).
import { AmpError } from '../core/errors.js';

/** Wrong use of the spec API (unknown interface, bad mode): 000105. */
export class SpecError extends AmpError {
  constructor(messageZh: string, messageEn: string) {
    super('000105', messageZh, messageEn);
    this.name = 'SpecError';
  }
}
