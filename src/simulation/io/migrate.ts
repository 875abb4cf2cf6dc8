import { DOCUMENT_VERSION } from '../model/document.ts';
import type { DocumentError } from './errors.ts';

/** Turns a document of version N into version N + 1. One step at a time, never skipping. */
type Migration = (document: Record<string, unknown>) => Record<string, unknown>;

/**
 * Migrations by the version they start from. Version 1 is the first published format, so
 * there is none yet; the loop below is what every future version bump plugs into.
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export type MigrateResult =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly errors: readonly DocumentError[] };

/** Brings a document whose envelope was checked up to the current version. */
export function migrate(document: Record<string, unknown>, migrations: Readonly<Record<number, Migration>> = MIGRATIONS, target = DOCUMENT_VERSION): MigrateResult {
  let current = document;
  let version = current['version'] as number;
  while (version < target) {
    const step = migrations[version];
    if (!step) return { ok: false, errors: [{ path: 'version', message: `is ${version}, which this Stackscope cannot upgrade (it reads versions ${target} and later).` }] };
    current = { ...step(current), version: version + 1 };
    version += 1;
  }
  return { ok: true, value: current };
}
