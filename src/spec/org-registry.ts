// The nine portal → hospital interfaces (ORG_001..009), each with the method name every side
// calls it by (the cashier, the conformance checker, the hospital toolkit's handlers), and
// lookup by id, method or suffix. The paths are the spec's defaults (ORG_009's is this project's: the spec repeats ORG_008's); a
// deployment changes them in the hospital toolkit's options, not here.
import { ORG_001 } from './org-001.js';
import { ORG_002 } from './org-002.js';
import { ORG_003 } from './org-003.js';
import { ORG_004 } from './org-004.js';
import { ORG_005 } from './org-005.js';
import { ORG_006 } from './org-006.js';
import { ORG_007 } from './org-007.js';
import { ORG_008 } from './org-008.js';
import { ORG_009 } from './org-009.js';
import type { OrgInterfaceSpec, OrgMethod } from './types.js';

export type { OrgInterfaceSpec, OrgMethod };

export type OrgInterfaceId =
  | 'ORG_001'
  | 'ORG_002'
  | 'ORG_003'
  | 'ORG_004'
  | 'ORG_005'
  | 'ORG_006'
  | 'ORG_007'
  | 'ORG_008'
  | 'ORG_009';

/** ORG_001..009 by id, in the spec's order. */
export const ORG_INTERFACES: Readonly<Record<OrgInterfaceId, OrgInterfaceSpec>> = Object.freeze({
  ORG_001,
  ORG_002,
  ORG_003,
  ORG_004,
  ORG_005,
  ORG_006,
  ORG_007,
  ORG_008,
  ORG_009,
});

export const ORG_INTERFACE_LIST: readonly OrgInterfaceSpec[] = Object.freeze(Object.values(ORG_INTERFACES));

/** The method names in the spec's order. */
export const ORG_METHODS: readonly OrgMethod[] = Object.freeze(ORG_INTERFACE_LIST.map((i) => i.method));

/** The ORG interface a method name ('rechargeSettle') stands for. */
export function orgInterfaceByMethod(method: OrgMethod): OrgInterfaceSpec;
export function orgInterfaceByMethod(method: string): OrgInterfaceSpec | undefined;
export function orgInterfaceByMethod(method: string): OrgInterfaceSpec | undefined {
  return ORG_INTERFACE_LIST.find((i) => i.method === method);
}

/**
 * The ORG interface for 'ORG_003' (case-insensitive), '/rechargeSettle' or 'rechargeSettle'
 * (suffixes are case-sensitive). undefined when nothing matches — including a URL: the base
 * path in front of an ORG suffix is the hospital's own.
 */
export function findOrgInterface(idOrSuffix: string): OrgInterfaceSpec | undefined {
  if (typeof idOrSuffix !== 'string') return undefined;
  const text = idOrSuffix.trim();
  if (text === '') return undefined;
  const upper = text.toUpperCase();
  const byId = ORG_INTERFACE_LIST.find((i) => i.id === upper);
  if (byId) return byId;
  const suffix = text.startsWith('/') ? text : `/${text}`;
  return ORG_INTERFACE_LIST.find((i) => i.suffix === suffix);
}
