import { z } from './zod.ts';
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, NODE_KIND_NAMES, type TopologyDocument, type TopologyLink, type TopologyNode } from '../model/topology.ts';
import { configSchemaOf } from '../components/registry.ts';
import { inProcessPairs, linkKindBetween } from '../components/connections.ts';
import { SERVICE_INFO } from '../components/services.ts';
import { fromZod, type DocumentError } from './errors.ts';
import { MIGRATIONS, migrate, type MigrationTable } from './migrate.ts';

export type { DocumentError };

export type ImportResult =
  | { readonly ok: true; readonly document: TopologyDocument }
  | { readonly ok: false; readonly errors: readonly DocumentError[] };

/** Documents larger than this are refused before parsing: no topology needs 10 MB. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

const idSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, {
  message: 'must start with a letter and use only letters, digits, - and _ (at most 64 characters)',
});

const nodeSchema = z.strictObject({
  id: idSchema,
  kind: z.enum(NODE_KIND_NAMES),
  label: z.string().max(80).optional(),
  position: z.strictObject({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
  config: z.record(z.string(), z.unknown()).default({}),
});

const linkSchema = z.strictObject({
  id: idSchema,
  from: z.string(),
  to: z.string(),
  kind: z.enum(['network', 'in-process']).default('network'),
  latencyMs: z.number().min(0).max(60_000).optional(),
  bandwidthMbps: z.number().positive().max(1_000_000).optional(),
  lossPercent: z.number().min(0).max(100).optional(),
});

const documentSchema = z.strictObject({
  format: z.literal(DOCUMENT_FORMAT),
  version: z.literal(DOCUMENT_VERSION),
  name: z.string().max(120).default('Untitled topology'),
  seed: z.number().int().min(0).max(4_294_967_295).default(1),
  nodes: z.array(nodeSchema).max(500),
  links: z.array(linkSchema).max(2000).default([]),
});

/**
 * Reads a topology document: parse, check the envelope, migrate to the current version,
 * validate every field, restore defaults. Never throws: bad input comes back as errors, each
 * with the path of the field at fault.
 *
 * @example
 *   const result = importDocument('{"format":"stackscope.topology","version":1,"nodes":[]}');
 *   result.ok; // true
 */
export function importDocument(input: unknown): ImportResult {
  return importWithMigrations(input, MIGRATIONS);
}

/**
 * importDocument with another migration table: tests use it to read the test-only version 0
 * (migrations/v0-test.ts). Not part of the public surface.
 */
export function importWithMigrations(input: unknown, migrations: MigrationTable): ImportResult {
  let value = input;
  if (typeof input === 'string') {
    if (input.length > MAX_DOCUMENT_BYTES) return fail('', `The document is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`);
    try {
      value = JSON.parse(input);
    } catch (error) {
      return fail('', jsonErrorSentence((error as Error).message, input));
    }
  }
  const envelope = checkEnvelope(value);
  if (envelope) return { ok: false, errors: [envelope] };
  const migrated = migrate(value as Record<string, unknown>, migrations);
  if (!migrated.ok) return migrated;
  return validateDocument(migrated.value);
}

function fail(path: string, message: string): ImportResult {
  return { ok: false, errors: [{ path, message }] };
}

function checkEnvelope(value: unknown): DocumentError | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { path: '', message: 'The document must be a JSON object with "format": "stackscope.topology".' };
  }
  const record = value as Record<string, unknown>;
  if (record['format'] !== DOCUMENT_FORMAT) {
    return { path: 'format', message: `must be "${DOCUMENT_FORMAT}": this is not a Stackscope topology.` };
  }
  const version = record['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return { path: 'version', message: 'must be a whole number such as 1.' };
  }
  if (version > DOCUMENT_VERSION) {
    return { path: 'version', message: `is ${version}, made by a newer Stackscope; this one reads versions up to ${DOCUMENT_VERSION}.` };
  }
  return undefined;
}

/** Validates a document already at the current version and fills in every default. */
export function validateDocument(value: unknown): ImportResult {
  const parsed = documentSchema.safeParse(value);
  if (!parsed.success) return { ok: false, errors: fromZod(parsed.error) };
  const errors: DocumentError[] = [];
  const nodes: TopologyNode[] = parsed.data.nodes.map((node, index) => {
    const config = configSchemaOf(node.kind).safeParse(node.config);
    if (!config.success) errors.push(...fromZod(config.error, ['nodes', index, 'config']));
    return {
      id: node.id,
      kind: node.kind,
      label: node.label ?? node.id,
      position: node.position,
      config: (config.success ? config.data : node.config) as Record<string, unknown>,
    };
  });
  const links: TopologyLink[] = parsed.data.links.map((link) => ({
    id: link.id,
    from: link.from,
    to: link.to,
    kind: link.kind,
    latencyMs: link.latencyMs ?? (link.kind === 'in-process' ? 0 : 1),
    ...(link.bandwidthMbps === undefined ? {} : { bandwidthMbps: link.bandwidthMbps }),
    ...(link.lossPercent === undefined ? {} : { lossPercent: link.lossPercent }),
  }));
  errors.push(...checkReferences(nodes, links));
  if (errors.length) return { ok: false, errors };
  return { ok: true, document: { ...parsed.data, nodes, links } };
}

function checkReferences(nodes: readonly TopologyNode[], links: readonly TopologyLink[]): DocumentError[] {
  const errors: DocumentError[] = [];
  const kinds = new Map<string, TopologyNode['kind']>();
  nodes.forEach((node, index) => {
    if (kinds.has(node.id)) errors.push({ path: `nodes[${index}].id`, message: `"${node.id}" is used by another node; ids must be unique.` });
    kinds.set(node.id, node.kind);
  });
  const addresses = new Map<string, string>();
  nodes.forEach((node, index) => {
    const address = node.config['address'];
    if (typeof address !== 'string') return;
    const owner = addresses.get(address);
    if (owner) errors.push({ path: `nodes[${index}].config.address`, message: `${shown(address)} is already ${owner}'s address; two machines cannot share one.` });
    else addresses.set(address, node.id);
  });
  const linkIds = new Set<string>();
  links.forEach((link, index) => {
    if (linkIds.has(link.id)) errors.push({ path: `links[${index}].id`, message: `"${link.id}" is used by another link; ids must be unique.` });
    linkIds.add(link.id);
    for (const end of ['from', 'to'] as const) {
      if (!kinds.has(link[end])) errors.push({ path: `links[${index}].${end}`, message: `names ${quoted(link[end])}, but no node has that id.` });
    }
    if (link.from === link.to) errors.push({ path: `links[${index}].to`, message: 'a link must join two different nodes.' });
    const from = kinds.get(link.from);
    const to = kinds.get(link.to);
    if (from === undefined || to === undefined) return;
    // The kinds' declarations say which link a pair needs: WSGI runs in-process, the rest over the network.
    const needed = linkKindBetween(from, to);
    if (link.kind === 'in-process' && needed?.linkKind !== 'in-process') {
      errors.push({ path: `links[${index}].kind`, message: `an in-process link joins a server to the code it runs inside it (${inProcessPairs().join(', ')}); between ${from} and ${to} it must be "network".` });
    }
    if (link.kind === 'network' && needed?.linkKind === 'in-process') {
      errors.push({ path: `links[${index}].kind`, message: `${from} and ${to} speak ${SERVICE_INFO[needed.service].name}, which runs inside one process: this link must be "in-process", not "network".` });
    }
  });
  return errors;
}

/**
 * Text from the document, as an error message quotes it: in double quotes, with line breaks
 * and other control characters escaped (a message is one line) and cut after 60 characters.
 *
 * @example quoted('app1') // '"app1"'; quoted('a\nb') // '"a\\nb"'
 */
function quoted(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 59)}…` : text);
}

/** Text from the document as it is when it is short printable ASCII (an address), else quoted. */
function shown(text: string): string {
  return /^[\x20-\x7e]{1,60}$/.test(text) ? text : quoted(text);
}

/**
 * One line a person can act on from JSON.parse's message, which differs between engines and
 * may quote the text over several lines: the reason, then the line and column when known.
 *
 * @example jsonErrorSentence("Unexpected token '}' ... at position 9", '{"a": 1,}')
 *   // "The document is not valid JSON: Unexpected token '}' at line 1, column 10."
 */
export function jsonErrorSentence(message: string, input: string): string {
  // Any line terminator ends the reason: the parser quotes the text, which may hold CR or U+2028.
  const firstLine = message.split(/[\r\n\u2028\u2029]/)[0]!.trim();
  const position = /position (\d+)/.exec(message);
  const reason = firstLine
    .replace(/,\s*(\.\.\.)?".*$/, '')
    .replace(/\s*(in JSON )?at position \d+.*$/, '')
    .replace(/\s*is not valid JSON$/, '')
    .replace(/^JSON\.parse:\s*/, '');
  if (!position) return `The document is not valid JSON: ${reason || 'it could not be read'}.`;
  const before = input.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `The document is not valid JSON: ${reason} at line ${line}, column ${column}.`;
}
