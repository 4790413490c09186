// A table's rows by name, built once per table: the toolkit looks rows up for every key of
// every request and answer (normalising, collecting values to mask), and a table is data that
// does not change once written.
import type { FieldSpec } from './types.js';

const byTable = new WeakMap<readonly FieldSpec[], ReadonlyMap<string, FieldSpec>>();

/** The rows of `table` by name; where a name repeats, the last row (as a Map built from the rows). */
export function fieldsByName(table: readonly FieldSpec[]): ReadonlyMap<string, FieldSpec> {
  let index = byTable.get(table);
  if (index === undefined) {
    index = new Map(table.map((f) => [f.name, f]));
    byTable.set(table, index);
  }
  return index;
}
