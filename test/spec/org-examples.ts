// The spec's own ORG example requests and responses (test/fixtures/org-examples/, copied
// verbatim from the spec text: ORG_001 lines 1771-1823, ORG_002 2867-3051, ORG_003 3766-3891,
// ORG_004 4135-4187, ORG_005 4354-4409, ORG_006 4682-4737, ORG_007 4954-4981).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ORG_EXAMPLE_IDS = ['ORG_001', 'ORG_002', 'ORG_003', 'ORG_004', 'ORG_005', 'ORG_006', 'ORG_007'] as const;

/** A fresh copy of one example (tests may change it). */
export function orgExample(id: (typeof ORG_EXAMPLE_IDS)[number], kind: 'request' | 'response'): Record<string, unknown> {
  const file = fileURLToPath(new URL(`../fixtures/org-examples/${id}-${kind}.json`, import.meta.url));
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}
