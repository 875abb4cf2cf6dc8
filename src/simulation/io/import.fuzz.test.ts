import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, NODE_KIND_NAMES } from '../model/topology.ts';
import { DEFAULT_RAW, FUZZ, FUZZ_TIMEOUT_MS, anyText, editText, expectIdempotent, expectWellFormed, mutate, mutatedDocument, mutation, textEdit, validDocument } from './fuzz.node.ts';
import { importDocument, importWithMigrations } from './import.ts';
import { TEST_MIGRATIONS } from './migrations/v0-test.ts';

/**
 * importDocument must return a well-formed value for anything, and every document it accepts
 * must import again unchanged (checked once per case: it is the costly part).
 */
function check(input: unknown, read = importDocument, idempotence = true): void {
  let result;
  try {
    result = read(input);
  } catch (error) {
    throw new Error(`importDocument threw: ${String(error)}`, { cause: error });
  }
  expectWellFormed(result);
  if (result.ok && idempotence) expectIdempotent(result.document);
}

const DEFAULT_TEXT = JSON.stringify(DEFAULT_RAW, null, 2);

/** Every config field some kind has (docs/document-format.md), so random configs reach the kinds' schemas. */
const CONFIG_FIELDS = ['address', 'nameserver', 'userAgent', 'visits', 'records', 'processingMs', 'listen', 'server_name', 'locations', 'upstreams', 'port', 'workers', 'backlog', 'import_name', 'routes', 'database', 'queryLatencyMs', 'tables'];

describe('importDocument, fuzzed', () => {
  it('never throws on any JSON value, given as a value or as text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        check(value);
        check(JSON.stringify(value), importDocument, false);
      }),
      FUZZ,
    );
  }, FUZZ_TIMEOUT_MS);

  it('never throws on any JavaScript value, prototypes and odd keys included', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withObjectString: true, withBoxedValues: true, withSparseArray: true }), (value) => check(value)), FUZZ);
  }, FUZZ_TIMEOUT_MS);

  it('never throws on random values inside a right envelope, so the node, link and config schemas are fuzzed', () => {
    const json = fc.jsonValue({ maxDepth: 2 });
    const maybe = <T,>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary }, { weight: 1, arbitrary: json });
    const id = maybe(fc.constantFrom('browser', 'dns', 'nginx', 'app1', 'flask', 'db', 'x'));
    const config = fc.dictionary(fc.constantFrom(...CONFIG_FIELDS), json, { maxKeys: 4 });
    const node = fc.record({ id, kind: maybe(fc.constantFrom(...NODE_KIND_NAMES)), label: json, position: maybe(fc.record({ x: fc.double(), y: fc.double() })), config: maybe(config) }, { requiredKeys: [] });
    const link = fc.record({ id, from: id, to: id, kind: maybe(fc.constantFrom('network', 'in-process')), latencyMs: maybe(fc.double()) }, { requiredKeys: [] });
    const document = fc.record(
      {
        format: fc.constant(DOCUMENT_FORMAT),
        version: fc.oneof({ weight: 4, arbitrary: fc.constant(DOCUMENT_VERSION) }, fc.integer({ min: -1, max: DOCUMENT_VERSION + 1 }), fc.double()),
        name: json,
        seed: maybe(fc.integer()),
        nodes: maybe(fc.array(node, { maxLength: 4 })),
        links: maybe(fc.array(link, { maxLength: 4 })),
      },
      { requiredKeys: ['format', 'version'] },
    );
    fc.assert(fc.property(document, (value) => check(value)), FUZZ);
  }, FUZZ_TIMEOUT_MS);

  it('never throws on the default topology with keys deleted, values replaced or retyped, nodes and links duplicated', () => {
    fc.assert(
      fc.property(mutatedDocument, (document) => {
        check(document);
        check(JSON.stringify(document), importDocument, false);
      }),
      FUZZ,
    );
  }, FUZZ_TIMEOUT_MS);

  it('never throws on the default topology\'s text cut short, or with characters inserted, removed or replaced', () => {
    const insertable = fc.oneof(anyText(8), fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', 'null', '-0', '1e999', '"__proto__"'));
    fc.assert(fc.property(fc.array(textEdit(insertable), { minLength: 1, maxLength: 3 }), (edits) => check(editText(DEFAULT_TEXT, edits))), FUZZ);
  }, FUZZ_TIMEOUT_MS);

  it('accepts every valid edit of the default topology, and accepts it again unchanged', () => {
    fc.assert(
      fc.property(validDocument, (document) => {
        const result = importDocument(document);
        if (!result.ok) throw new Error(`a valid edit was refused: ${JSON.stringify(result.errors)}`);
        expectIdempotent(result.document, true);
      }),
      FUZZ,
    );
  }, FUZZ_TIMEOUT_MS);

  // Beyond the brief's properties, so fewer cases: the step from version 0 is small.
  it('never throws while migrating a mutated version 0 document', () => {
    const v0 = {
      ...DEFAULT_RAW,
      version: 0,
      links: DEFAULT_RAW.links.map(({ from, to, latencyMs, ...rest }) => ({ ...rest, source: from, target: to, latency: latencyMs })),
    };
    expect(importWithMigrations(v0, TEST_MIGRATIONS).ok).toBe(true);
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 4 }), (mutations) => check(mutate(v0, mutations), (input) => importWithMigrations(input, TEST_MIGRATIONS))),
      { ...FUZZ, numRuns: FUZZ.numRuns / 4 },
    );
  }, FUZZ_TIMEOUT_MS);
});
