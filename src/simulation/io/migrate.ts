import { DOCUMENT_VERSION } from '../model/topology.ts';
import type { DocumentError } from './errors.ts';
import { fromV1 } from './migrations/v1-nginx-server-blocks.ts';

/**
 * Turns a document of version N into version N + 1. One step at a time, never skipping.
 * A step receives any object whose envelope was checked (its other fields may be anything:
 * validation comes after), must not change its input, and must not throw.
 */
export type Migration = (document: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/** Migrations keyed by the version they start from. */
export type MigrationTable = Readonly<Record<number, Migration>>;

/**
 * The migrations the importer uses, by the version they start from. Version 1 is the first
 * published format; each version bump adds its step here. The test-only version 0
 * (migrations/v0-test.ts) is deliberately not listed: see docs/document-format.md.
 */
export const MIGRATIONS: MigrationTable = { 1: fromV1 };

export type MigrateResult =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly errors: readonly DocumentError[] };

/**
 * Brings a document whose envelope was checked up to `target`, one version at a time.
 *
 * @example
 *   migrate({ version: 0, links: [] }, { 0: (doc) => ({ ...doc }) }, 1);
 *   // { ok: true, value: { version: 1, links: [] } }
 */
export function migrate(document: Readonly<Record<string, unknown>>, migrations: MigrationTable = MIGRATIONS, target = DOCUMENT_VERSION): MigrateResult {
  const start = document['version'];
  if (typeof start !== 'number' || !Number.isInteger(start) || start < 0) {
    return refuse(`must be a whole number such as ${target}.`);
  }
  if (start > target) return refuse(`is ${start}, made by a newer Stackscope; this one reads versions up to ${target}.`);
  let current: Record<string, unknown> = { ...document };
  for (let version = start; version < target; version += 1) {
    // Own properties only: a table is a plain object, and `migrations[0]` must never find
    // something on Object.prototype.
    const step = Object.hasOwn(migrations, version) ? migrations[version] : undefined;
    if (!step) return refuse(`is ${start}, which this Stackscope cannot upgrade (it reads versions ${lowestReadable(migrations, target)} and later).`);
    current = { ...step(current), version: version + 1 };
  }
  return { ok: true, value: current };
}

/** The oldest version from which an unbroken chain of steps reaches `target`. */
function lowestReadable(migrations: MigrationTable, target: number): number {
  let version = target;
  while (version > 0 && Object.hasOwn(migrations, version - 1)) version -= 1;
  return version;
}

function refuse(message: string): MigrateResult {
  return { ok: false, errors: [{ path: 'version', message }] };
}
