import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_VERSION } from '../model/topology.ts';
import { importDocument, importWithMigrations } from './import.ts';
import { MIGRATIONS, migrate, type Migration } from './migrate.ts';
import { TEST_MIGRATIONS, fromV0 } from './migrations/v0-test.ts';

const FIXTURES = join(import.meta.dirname, 'migrations', 'fixtures');

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
}

/** Every version a document can be migrated from: 0 up to, not including, the current one. */
const OLDER_VERSIONS = Array.from({ length: DOCUMENT_VERSION }, (_, version) => version);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('migrations are tested from every earlier version', () => {
  it('has a fixture and its expected result for every version below the current one', () => {
    const missing = OLDER_VERSIONS.flatMap((version) =>
      [`v${version}.json`, `v${version}.expected.json`].filter((name) => !existsSync(join(FIXTURES, name))),
    );
    expect(missing, `add these to ${FIXTURES}`).toEqual([]);
    // A fixture for a version that is not older than the current one tests nothing.
    const stray = readdirSync(FIXTURES).filter((name) => {
      const match = /^v(\d+)(\.expected)?\.json$/.exec(name);
      return !match || Number(match[1]) >= DOCUMENT_VERSION;
    });
    expect(stray).toEqual([]);
  });

  it.each(OLDER_VERSIONS)('upgrades the version %i fixture to the current version, equal to the expected document', (version) => {
    const old = deepFreeze(fixture(`v${version}.json`));
    expect(old['version']).toBe(version);
    const expected = importDocument(fixture(`v${version}.expected.json`));
    if (!expected.ok) throw new Error(`v${version}.expected.json is not a valid current document: ${JSON.stringify(expected.errors)}`);

    const migrated = importWithMigrations(old, TEST_MIGRATIONS);
    if (!migrated.ok) throw new Error(`v${version}.json did not migrate: ${JSON.stringify(migrated.errors)}`);
    expect(migrated.document.version).toBe(DOCUMENT_VERSION);
    expect(migrated.document).toEqual(expected.document);
    // The same through the text route, as a file on disk would arrive.
    expect(importWithMigrations(JSON.stringify(old), TEST_MIGRATIONS)).toEqual(migrated);
  });

  it('has a step from every older version, so the chain to the current version is unbroken', () => {
    for (const version of OLDER_VERSIONS) expect(Object.hasOwn(TEST_MIGRATIONS, version), `no migration from version ${version}`).toBe(true);
  });
});

describe('the test-only version 0', () => {
  it('is refused by the shipped importer, which has no step from version 0', () => {
    expect(Object.hasOwn(MIGRATIONS, 0)).toBe(false);
    expect(importDocument(fixture('v0.json'))).toEqual({
      ok: false,
      errors: [{ path: 'version', message: `is 0, which this Stackscope cannot upgrade (it reads versions 1 and later).` }],
    });
  });

  it('renames source, target and latency, and changes nothing else', () => {
    const link = deepFreeze({ id: 'l1', source: 'a', target: 'b', latency: 7, kind: 'network', extra: [1] });
    const doc = deepFreeze({ format: 'stackscope.topology', version: 0, name: 'n', nodes: [], links: [link, 'not a link', null] });
    expect(fromV0(doc)).toEqual({
      format: 'stackscope.topology',
      version: 0,
      name: 'n',
      nodes: [],
      links: [{ id: 'l1', from: 'a', to: 'b', latencyMs: 7, kind: 'network', extra: [1] }, 'not a link', null],
    });
  });

  it('keeps a field already written with its current name, and leaves a link without latency to the default', () => {
    const doc = { version: 0, links: [{ id: 'l1', source: 'a', from: 'b', target: 'c' }] };
    expect(fromV0(doc)['links']).toEqual([{ id: 'l1', from: 'b', to: 'c' }]);
  });

  it('leaves documents without a list of links to validation', () => {
    for (const links of [undefined, 'x', 3, { a: 1 }]) {
      expect(fromV0({ version: 0, links })).toEqual({ version: 0, links });
    }
  });

  it('names errors in a migrated document by the current field names', () => {
    const old = fixture('v0.json') as { links: Record<string, unknown>[] };
    old.links[0]!['target'] = 'nowhere';
    old.links[1]!['latency'] = -3;
    expect(importWithMigrations(old, TEST_MIGRATIONS)).toEqual({
      ok: false,
      errors: [{ path: 'links[1].latencyMs', message: 'must be at least 0' }],
    });
    old.links[1]!['latency'] = 3;
    expect(importWithMigrations(old, TEST_MIGRATIONS)).toEqual({
      ok: false,
      errors: [{ path: 'links[0].to', message: 'names "nowhere", but no node has that id.' }],
    });
  });
});

describe('a document from a newer Stackscope', () => {
  const newer = { format: 'stackscope.topology', version: DOCUMENT_VERSION + 1, nodes: [] };
  const sentence = `is ${DOCUMENT_VERSION + 1}, made by a newer Stackscope; this one reads versions up to ${DOCUMENT_VERSION}.`;

  it('is refused with path "version" and a sentence saying so', () => {
    expect(importDocument(newer)).toEqual({ ok: false, errors: [{ path: 'version', message: sentence }] });
    expect(importWithMigrations(JSON.stringify(newer), TEST_MIGRATIONS)).toEqual({ ok: false, errors: [{ path: 'version', message: sentence }] });
  });

  it('is refused by migrate() itself too, which never runs a step backwards', () => {
    expect(migrate(newer, TEST_MIGRATIONS)).toEqual({ ok: false, errors: [{ path: 'version', message: sentence }] });
  });
});

describe('migrate', () => {
  it('runs each step once, in order, one version at a time', () => {
    const seen: number[] = [];
    const step: Migration = (doc) => {
      seen.push(doc['version'] as number);
      return { ...doc, trail: [...((doc['trail'] as number[]) ?? []), doc['version'] as number] };
    };
    const result = migrate({ version: 1 }, { 0: step, 1: step, 2: step, 3: step }, 4);
    expect(seen).toEqual([1, 2, 3]);
    expect(result).toEqual({ ok: true, value: { version: 4, trail: [1, 2, 3] } });
  });

  it('stops at a gap in the chain and names the oldest version it can read', () => {
    const step: Migration = (doc) => ({ ...doc });
    expect(migrate({ version: 0 }, { 1: step, 2: step }, 3)).toEqual({
      ok: false,
      errors: [{ path: 'version', message: 'is 0, which this Stackscope cannot upgrade (it reads versions 1 and later).' }],
    });
  });

  it('does not change its input and returns a current document as it is', () => {
    const current = deepFreeze({ version: DOCUMENT_VERSION, nodes: [] });
    expect(migrate(current, TEST_MIGRATIONS)).toEqual({ ok: true, value: current });
  });

  it('finds no step on Object.prototype and refuses versions that are not whole numbers', () => {
    expect(migrate({ version: 0 }, Object.create({ 0: (doc: Record<string, unknown>) => doc }), 1).ok).toBe(false);
    for (const version of [-1, 0.5, '0', null, undefined]) {
      expect(migrate({ version }, TEST_MIGRATIONS)).toEqual({ ok: false, errors: [{ path: 'version', message: `must be a whole number such as ${DOCUMENT_VERSION}.` }] });
    }
  });
});
