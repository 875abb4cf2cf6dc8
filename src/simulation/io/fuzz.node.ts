/**
 * Shared pieces of the fuzz tests (*.fuzz.test.ts): random edits of the default topology, and
 * the checks every import result must pass. Node-only test support, not part of the engine.
 */
import fc from 'fast-check';
import { inspect, isDeepStrictEqual } from 'node:util';
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, type TopologyDocument } from '../model/topology.ts';
import { exampleJson, type RawDocument } from '../test-support/documents.node.ts';
import { importDocument, type ImportResult } from './import.ts';

/**
 * At least this many cases per property; FUZZ_RUNS raises it, FUZZ_SEED replays a failure.
 * CI uses a fixed seed so a run is reproducible; local runs take a new seed each time and so
 * keep exploring (a failure prints the seed that replays it).
 */
const CI_FUZZ_SEED = 20_261_125;
const seed = process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : process.env['CI'] ? CI_FUZZ_SEED : undefined;
export const FUZZ = {
  numRuns: Math.max(10_000, Number(process.env['FUZZ_RUNS'] ?? 0)),
  ...(seed === undefined ? {} : { seed }),
} satisfies fc.Parameters<unknown>;

/** Vitest's time limit for one fuzz test: 10,000 cases take a few seconds on a slow machine. */
export const FUZZ_TIMEOUT_MS = 60_000;

export const DEFAULT_RAW: Readonly<RawDocument> = Object.freeze(exampleJson('default'));

/** A fresh deep copy of a JSON value: faster than structuredClone for the small plain documents here. */
function copyJson<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

/**
 * Any text: any code points, and sometimes a lone UTF-16 surrogate put in (JSON and lz-string
 * must both survive it). Built from whole strings, not character by character, to stay fast.
 */
export const anyText = (maxLength = 40): fc.Arbitrary<string> =>
  fc
    .tuple(fc.string({ unit: 'binary', maxLength }), fc.option(fc.integer({ min: 0xd800, max: 0xdfff }), { freq: 8 }), fc.nat())
    .map(([text, surrogate, at]) => {
      if (surrogate === null) return text;
      const cut = at % (text.length + 1);
      return (text.slice(0, cut) + String.fromCharCode(surrogate) + text.slice(cut)).slice(0, Math.max(maxLength, 1));
    });

type Slot = { readonly parent: Record<string, unknown> | unknown[]; readonly key: string | number };

/** Every place a value sits in `root`, depth first: what a mutation's `at` picks from. */
function slotsOf(root: unknown): Slot[] {
  const slots: Slot[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        slots.push({ parent: value, key: index });
        visit(item);
      });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        slots.push({ parent: value as Record<string, unknown>, key });
        visit(item);
      }
    }
  };
  visit(root);
  return slots;
}

/** Turns a value into one of another type, the way a hand edit or an old tool might. */
function retype(value: unknown, how: number): unknown {
  const ways = [
    () => (typeof value === 'string' ? Number(value) : String(value)),
    () => JSON.stringify(value) ?? null,
    () => [value],
    () => ({ value }),
    () => null,
    () => !value,
    () => (typeof value === 'number' ? value + 0.5 : 0),
    () => (Array.isArray(value) ? Object.fromEntries(value.entries()) : typeof value === 'object' && value !== null ? Object.values(value) : value),
  ];
  return ways[how % ways.length]!();
}

export type Mutation =
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'replace'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'retype'; readonly at: number; readonly how: number }
  | { readonly kind: 'duplicate-node'; readonly at: number; readonly to: number }
  | { readonly kind: 'duplicate-link'; readonly at: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), anyText(), fc.double(), fc.integer()) }),
  fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), how: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-node' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-link' as const), at: fc.nat() }),
);

/** A deep copy of `document` with the mutations applied in order. */
export function mutate(document: unknown, mutations: readonly Mutation[]): unknown {
  const root: { document: unknown } = { document: copyJson(document) };
  for (const change of mutations) {
    const slots = slotsOf(root);
    const slot = slots[change.at % slots.length]!;
    const { parent, key } = slot;
    const current = (parent as Record<string | number, unknown>)[key];
    switch (change.kind) {
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else if (parent !== root) delete parent[key as string];
        break;
      case 'replace':
        // A copy, so later mutations never change fast-check's own value (it replays and shrinks it).
        (parent as Record<string | number, unknown>)[key] = typeof change.value === 'object' && change.value !== null ? structuredClone(change.value) : change.value;
        break;
      case 'retype':
        (parent as Record<string | number, unknown>)[key] = retype(current, change.how);
        break;
      case 'duplicate-node':
      case 'duplicate-link': {
        const list = (root.document as Record<string, unknown> | null)?.[change.kind === 'duplicate-node' ? 'nodes' : 'links'];
        if (!Array.isArray(list) || list.length === 0) break;
        const copy = copyJson(list[change.at % list.length]);
        list.splice(change.kind === 'duplicate-node' ? change.to % (list.length + 1) : list.length, 0, copy);
        break;
      }
    }
  }
  return root.document;
}

/** Random edits to the default topology: 1 to 4 of them. */
export const mutatedDocument = fc.array(mutation, { minLength: 1, maxLength: 4 }).map((mutations) => mutate(DEFAULT_RAW, mutations));

/**
 * Edits that keep the default topology valid: new names, labels, positions (any finite number,
 * -0 included), seeds, latencies, Gunicorn workers, a Flask body of any text, links removed,
 * nodes removed (with their links) and reordered, PostgreSQL nodes added. (A config that
 * names a removed node, such as nginx's upstream, is still a valid document: names in
 * configs are looked up when the run starts, not on import.)
 */
export const validDocument = fc
  .record({
    name: fc.option(anyText(60), { nil: undefined }),
    seed: fc.option(fc.integer({ min: 0, max: 4_294_967_295 }), { nil: undefined }),
    labels: fc.array(fc.option(anyText(40), { nil: undefined }), { minLength: 6, maxLength: 6 }),
    positions: fc.array(fc.record({ x: fc.double({ noNaN: true, noDefaultInfinity: true }), y: fc.double({ noNaN: true, noDefaultInfinity: true }) }), { minLength: 6, maxLength: 6 }),
    latencies: fc.array(fc.option(fc.double({ min: 0, max: 60_000, noNaN: true }), { nil: undefined }), { minLength: 5, maxLength: 5 }),
    workers: fc.integer({ min: 1, max: 64 }),
    body: anyText(200),
    dropLinks: fc.subarray([0, 1, 2, 3, 4]),
    order: fc.shuffledSubarray([0, 1, 2, 3, 4, 5]),
    extraDatabases: fc.nat({ max: 3 }),
  })
  .map((edit) => {
    const doc = copyJson(DEFAULT_RAW) as RawDocument;
    if (edit.name !== undefined) doc['name'] = edit.name;
    if (edit.seed !== undefined) doc['seed'] = edit.seed;
    doc.nodes.forEach((node, index) => {
      if (edit.labels[index] !== undefined) node['label'] = edit.labels[index];
      node['position'] = edit.positions[index];
    });
    doc.links.forEach((link, index) => {
      if (edit.latencies[index] === undefined) delete link['latencyMs'];
      else link['latencyMs'] = edit.latencies[index];
    });
    (doc.nodes[3]!['config'] as Record<string, unknown>)['workers'] = edit.workers;
    ((doc.nodes[4]!['config'] as { routes: Record<string, unknown>[] }).routes[0]!)['body'] = edit.body;
    doc.nodes = edit.order.map((index) => doc.nodes[index]!);
    const kept = new Set(doc.nodes.map((node) => node['id']));
    doc.links = doc.links.filter((link, index) => !edit.dropLinks.includes(index) && kept.has(link['from']) && kept.has(link['to']));
    for (let extra = 0; extra < edit.extraDatabases; extra += 1) {
      doc.nodes.push({ id: `db${extra + 2}`, kind: 'postgres', config: { address: `10.0.1.${extra + 1}` } });
    }
    return doc;
  });

/** Text edits of a JSON text: cut it, insert characters, delete or replace a stretch. */
export type TextEdit =
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'remove'; readonly at: number; readonly length: number }
  | { readonly kind: 'replace'; readonly at: number; readonly text: string };

export const textEdit = (insertable: fc.Arbitrary<string>): fc.Arbitrary<TextEdit> =>
  fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: insertable }),
    fc.record({ kind: fc.constant('remove' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: insertable }),
  );

export function editText(text: string, edits: readonly TextEdit[]): string {
  let result = text;
  for (const edit of edits) {
    const at = edit.at % (result.length + 1);
    switch (edit.kind) {
      case 'truncate':
        result = result.slice(0, at);
        break;
      case 'insert':
        result = result.slice(0, at) + edit.text + result.slice(at);
        break;
      case 'remove':
        result = result.slice(0, at) + result.slice(at + edit.length);
        break;
      case 'replace':
        result = result.slice(0, at) + edit.text + result.slice(at + edit.text.length);
        break;
    }
  }
  return result;
}

const PATH = /^(|[A-Za-z_][\w-]*(\[\d+\]|\.[A-Za-z_][\w-]*)*)$/;

// Plain checks rather than expect(): they run hundreds of thousands of times per fuzz test,
// and a failure still names the case (fast-check prints it with the seed that replays it).
function ensure(condition: boolean, problem: string, value: unknown): void {
  if (!condition) throw new Error(`${problem}: ${inspect(value, { depth: 6 })}`);
}

/**
 * What every result of importDocument (and decodeShare) must look like: ok with a current
 * document, or at least one error whose path is '' (the whole document), 'share' or a field
 * path such as nodes[3].config.workers, and whose message is one non-empty line.
 */
export function expectWellFormed(result: ImportResult): void {
  ensure(typeof result === 'object' && result !== null && typeof result.ok === 'boolean', 'not an ImportResult', result);
  if (result.ok) {
    const accepted = result.document;
    ensure(accepted.format === DOCUMENT_FORMAT && accepted.version === DOCUMENT_VERSION, 'accepted a document that is not current', result);
    return;
  }
  ensure(Array.isArray(result.errors) && result.errors.length > 0, 'refused without an error', result);
  for (const error of result.errors) {
    ensure(typeof error.path === 'string' && PATH.test(error.path), 'an error path that is not a field path', error);
    ensure(typeof error.message === 'string' && error.message.trim() !== '', 'an empty error message', error);
    ensure(!/[\r\n\u2028\u2029]/.test(error.message), 'an error message of more than one line', error);
  }
}

/**
 * A document that was accepted is accepted again, unchanged, as the value itself. With
 * `fromText`, also as JSON text: the same text again (JSON has no -0, so the text is compared).
 */
export function expectIdempotent(document: TopologyDocument, fromText = false): void {
  const again = importDocument(document);
  ensure(again.ok && isDeepStrictEqual(again.document, document), 'an accepted document changed when imported again', { document, again });
  if (!fromText) return;
  const text = JSON.stringify(document);
  const reread = importDocument(text);
  ensure(reread.ok && JSON.stringify(reread.document) === text, 'an accepted document changed when imported again from its JSON', { document, reread });
}
