import { z } from '../../../src/simulation/io/zod.ts';
import { formatPath, fromZod } from '../../../src/simulation/io/errors.ts';

/**
 * The field model behind the configuration forms: a kind's zod schema, read through zod's own
 * JSON Schema export (`z.toJSONSchema(schema, { io: 'input' })`, a public API that already
 * resolves defaults, `.describe()` and `.meta()`), turned into a tree of field specs. Pure: no
 * React, no DOM, so every kind's model is unit-tested headless.
 */

/** One step of a path: an object key or a list index. */
export type PathPart = string | number;
/** ['servers', 0, 'locations', 0, 'proxy_pass'] */
export type FieldPath = readonly PathPart[];
/** What a select, a literal or an enum can hold. */
export type Primitive = string | number | boolean | null;

/** What every field says about itself, whatever its type. */
interface SpecCommon {
  /** The key in its parent object, spelled as the schema spells it (`proxy_pass`); '' for list items and the root. */
  readonly key: string;
  /** `meta({ title })` when the schema has one, else the key unchanged: nginx's own words matter. */
  readonly label: string;
  /** `.describe()` / `meta({ description })`, shown as help text under the label. */
  readonly description: string | undefined;
  /** The key must be present: no default and not optional. List items are always required. */
  readonly required: boolean;
  /** `null` is an accepted value. */
  readonly nullable: boolean;
  /** The schema supplies a default; `defaultValue` is then what an absent key means. */
  readonly hasDefault: boolean;
  readonly defaultValue: unknown;
}

export interface StringSpec extends SpecCommon {
  readonly type: 'string';
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Regular expressions (JSON Schema flavour) the text must match, in order. */
  readonly patterns: readonly string[];
  /** A named format such as `email` or `uri`; zod's internal ones (`starts_with`, `regex`) are left out. */
  readonly format?: string;
  /** Edit in a text area: free text such as a response body or a query. */
  readonly multiline: boolean;
}

export interface NumberSpec extends SpecCommon {
  readonly type: 'number';
  readonly integer: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
}

export interface BooleanSpec extends SpecCommon {
  readonly type: 'boolean';
}

export interface EnumSpec extends SpecCommon {
  readonly type: 'enum';
  readonly options: readonly Primitive[];
}

export interface LiteralSpec extends SpecCommon {
  readonly type: 'literal';
  readonly value: Primitive;
}

/** Anything the generator cannot map to a control (a union, a tuple, a date): edited as JSON text. */
export interface JsonSpec extends SpecCommon {
  readonly type: 'json';
  readonly reason: string;
}

export interface ObjectSpec extends SpecCommon {
  readonly type: 'object';
  readonly fields: readonly FieldSpec[];
}

export interface ArraySpec extends SpecCommon {
  readonly type: 'array';
  readonly item: FieldSpec;
  /** What one row is called in button names: `location` for `locations` ("Add location"). */
  readonly itemLabel: string;
  readonly minItems?: number;
  readonly maxItems?: number;
}

export interface RecordSpec extends SpecCommon {
  readonly type: 'record';
  readonly value: FieldSpec;
  /** The only keys allowed, when the key schema is an enum. */
  readonly keyOptions?: readonly string[];
  readonly keyPattern?: string;
}

export type LeafSpec = StringSpec | NumberSpec | BooleanSpec | EnumSpec | LiteralSpec | JsonSpec;
export type FieldSpec = LeafSpec | ObjectSpec | ArraySpec | RecordSpec;
export type FieldType = FieldSpec['type'];

// ---------------------------------------------------------------------------------------------
// Schema -> specs

type JsonNode = { readonly [key: string]: unknown };

/** zod's own formats that only restate a pattern; a person learns nothing from their names. */
const INTERNAL_FORMATS = new Set(['starts_with', 'ends_with', 'includes', 'regex']);
/** Keys whose text is free prose or code, so a text area fits better than one line. */
const MULTILINE_KEYS = /^(body|sql|query|script|template|html|text|content|description|notes?)$/i;

const specCache = new WeakMap<object, FieldSpec>();

/**
 * The field spec of a schema; for a kind's config, an object spec with one field per key.
 * Never throws: what cannot be mapped becomes a `json` field.
 *
 * @example
 *   const spec = describeSchema(configSchemaOf('gunicorn'));
 *   // spec.type === 'object'; spec.fields[2] is { key: 'workers', type: 'number', integer: true, minimum: 1, ... }
 */
export function describeSchema(schema: z.core.$ZodType): FieldSpec {
  const cached = specCache.get(schema);
  if (cached) return cached;
  let spec: FieldSpec;
  try {
    const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonNode;
    spec = convert(root, { defs: definitionsOf(root), stack: [] }, '', true);
  } catch (error) {
    spec = jsonSpec(common({}, '', true), `the schema could not be read (${error instanceof Error ? error.message : String(error)})`);
  }
  specCache.set(schema, spec);
  return spec;
}

interface Context {
  readonly defs: Readonly<Record<string, JsonNode>>;
  /** $refs being expanded, to stop at recursion. */
  readonly stack: readonly string[];
}

function definitionsOf(root: JsonNode): Record<string, JsonNode> {
  const defs: Record<string, JsonNode> = {};
  for (const holder of ['$defs', 'definitions']) {
    const group = root[holder];
    if (!isNode(group)) continue;
    for (const [name, node] of Object.entries(group)) if (isNode(node)) defs[`#/${holder}/${name}`] = node;
  }
  return defs;
}

function isNode(value: unknown): value is JsonNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPrimitive(value: unknown): value is Primitive {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function common(node: JsonNode, key: string, required: boolean, nullable = false): SpecCommon {
  const hasDefault = Object.hasOwn(node, 'default');
  return {
    key,
    label: text(node['title']) ?? key,
    description: text(node['description']),
    required: required && !hasDefault,
    nullable,
    hasDefault,
    defaultValue: hasDefault ? node['default'] : undefined,
  };
}

function jsonSpec(base: SpecCommon, reason: string): JsonSpec {
  return { ...base, type: 'json', reason };
}

/** The node with its `$ref` followed; annotations at the reference site win. */
function resolve(node: JsonNode, ctx: Context): { node: JsonNode; ctx: Context } | { recursive: string } {
  const ref = node['$ref'];
  if (typeof ref !== 'string') return { node, ctx };
  if (ctx.stack.includes(ref)) return { recursive: ref };
  const target = ctx.defs[ref];
  if (!target) return { recursive: ref };
  const { $ref: _ref, ...site } = node;
  return resolve({ ...target, ...site }, { ...ctx, stack: [...ctx.stack, ref] });
}

function isNullNode(node: unknown): boolean {
  return isNode(node) && (node['type'] === 'null' || (Object.hasOwn(node, 'const') && node['const'] === null));
}

/** `{ anyOf: [X, { type: 'null' }] }` or `{ type: ['string', 'null'] }` -> X, nullable. */
function unwrapNullable(node: JsonNode): { node: JsonNode; nullable: boolean } {
  const type = node['type'];
  if (Array.isArray(type) && type.includes('null')) {
    const rest = type.filter((entry) => entry !== 'null');
    return { node: { ...node, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
  }
  for (const combinator of ['anyOf', 'oneOf']) {
    const branches = node[combinator];
    if (!Array.isArray(branches) || !branches.some(isNullNode)) continue;
    const rest = branches.filter((branch) => !isNullNode(branch));
    const { [combinator]: _branches, ...site } = node;
    if (rest.length === 1 && isNode(rest[0])) return { node: { ...rest[0], ...site }, nullable: true };
    return { node: { ...site, [combinator]: rest }, nullable: true };
  }
  return { node, nullable: false };
}

/** Every value a node allows when it is a closed set (const, enum, or a union of them). */
function closedValues(node: unknown): Primitive[] | undefined {
  if (!isNode(node)) return undefined;
  if (Object.hasOwn(node, 'const')) return isPrimitive(node['const']) ? [node['const']] : undefined;
  const values = node['enum'];
  if (Array.isArray(values)) return values.every(isPrimitive) ? [...values] : undefined;
  for (const combinator of ['anyOf', 'oneOf']) {
    const branches = node[combinator];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    const all: Primitive[] = [];
    for (const branch of branches) {
      const values = closedValues(branch);
      if (!values) return undefined;
      for (const value of values) if (!all.includes(value)) all.push(value);
    }
    return all;
  }
  return undefined;
}

/** zod writes several `.regex()` checks as `allOf: [{ pattern }, ...]`; fold those into the node. */
function foldPatternAllOf(node: JsonNode): JsonNode | undefined {
  const parts = node['allOf'];
  if (!Array.isArray(parts)) return node;
  if (!parts.every((part) => isNode(part) && Object.keys(part).every((key) => key === 'pattern'))) return undefined;
  const { allOf: _allOf, ...rest } = node;
  return { ...rest, patterns: [...(typeof rest['pattern'] === 'string' ? [rest['pattern']] : []), ...parts.map((part) => (part as JsonNode)['pattern'])] };
}

function convert(input: JsonNode, ctx0: Context, key: string, required: boolean): FieldSpec {
  const resolved = resolve(input, ctx0);
  if ('recursive' in resolved) return jsonSpec(common(input, key, required), `it refers to itself (${resolved.recursive})`);
  const { node: unwrapped, nullable } = unwrapNullable(resolved.node);
  const ctx = resolved.ctx;
  const base = common(unwrapped, key, required, nullable);

  const values = closedValues(unwrapped);
  if (values) {
    if (values.length === 1 && Object.hasOwn(unwrapped, 'const')) return { ...base, type: 'literal', value: values[0] ?? null };
    return { ...base, type: 'enum', options: values };
  }
  for (const combinator of ['anyOf', 'oneOf', 'not', 'if']) {
    if (Object.hasOwn(unwrapped, combinator)) return jsonSpec(base, `it is a union (${combinator})`);
  }
  const node = foldPatternAllOf(unwrapped);
  if (!node) return jsonSpec(base, 'it combines several schemas (allOf)');

  const type = node['type'];
  switch (type) {
    case 'string':
      return stringSpec(node, base);
    case 'number':
    case 'integer':
      return {
        ...base,
        type: 'number',
        integer: type === 'integer',
        ...defined({
          minimum: num(node['minimum']),
          maximum: num(node['maximum']),
          exclusiveMinimum: num(node['exclusiveMinimum']),
          exclusiveMaximum: num(node['exclusiveMaximum']),
          multipleOf: num(node['multipleOf']),
        }),
      };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'null':
      return { ...base, type: 'literal', value: null };
    case 'array':
      return arraySpec(node, base, ctx);
    case 'object':
      return objectSpec(node, base, ctx);
    default:
      return jsonSpec(base, Array.isArray(type) ? `it accepts several types (${type.join(', ')})` : 'its type is not one a form can edit');
  }
}

/** Drops undefined properties, so specs compare cleanly in tests and spread cleanly. */
function defined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function stringSpec(node: JsonNode, base: SpecCommon): StringSpec {
  const patterns = [
    ...(typeof node['pattern'] === 'string' ? [node['pattern']] : []),
    ...(Array.isArray(node['patterns']) ? node['patterns'].filter((pattern): pattern is string => typeof pattern === 'string') : []),
  ];
  const format = typeof node['format'] === 'string' && !INTERNAL_FORMATS.has(node['format']) ? node['format'] : undefined;
  const maxLength = num(node['maxLength']);
  const defaultText = typeof base.defaultValue === 'string' ? base.defaultValue : '';
  const multiline =
    node['multiline'] === true ||
    (node['multiline'] !== false &&
      patterns.length === 0 &&
      format === undefined &&
      (maxLength === undefined || maxLength > 120) &&
      (MULTILINE_KEYS.test(base.key) || defaultText.includes('\n') || defaultText.length > 60));
  return { ...base, type: 'string', patterns, multiline, ...defined({ minLength: num(node['minLength']), maxLength, format }) };
}

function arraySpec(node: JsonNode, base: SpecCommon, ctx: Context): FieldSpec {
  if (Object.hasOwn(node, 'prefixItems')) return jsonSpec(base, 'it is a tuple');
  const items = node['items'];
  const itemLabel = text(node['itemLabel']) ?? singular(base.key);
  const item = isNode(items) ? convert(items, ctx, '', true) : jsonSpec(common({}, '', true), 'its items have no schema');
  return { ...base, type: 'array', item: { ...item, label: item.label || itemLabel }, itemLabel, ...defined({ minItems: num(node['minItems']), maxItems: num(node['maxItems']) }) };
}

function objectSpec(node: JsonNode, base: SpecCommon, ctx: Context): FieldSpec {
  const properties = node['properties'];
  const extra = node['additionalProperties'];
  if (!isNode(properties) && isNode(extra)) {
    const names = isNode(node['propertyNames']) ? node['propertyNames'] : {};
    const keyOptions = closedValues(names)?.filter((value): value is string => typeof value === 'string');
    const valueSpec = convert(extra, ctx, '', true);
    return { ...base, type: 'record', value: { ...valueSpec, label: valueSpec.label || 'value' }, ...defined({ keyOptions, keyPattern: text(names['pattern']) }) };
  }
  const requiredKeys = Array.isArray(node['required']) ? node['required'] : [];
  const fields = Object.entries(isNode(properties) ? properties : {}).map(([name, child]) =>
    isNode(child) ? convert(child, ctx, name, requiredKeys.includes(name)) : jsonSpec(common({}, name, requiredKeys.includes(name)), 'it has no schema'),
  );
  return { ...base, type: 'object', fields };
}

/** `locations` -> `location`, `entries` -> `entry`; a key that is not a plural gets ` item`. */
export function singular(key: string): string {
  if (!key) return 'item';
  if (/[^aeiou]ies$/i.test(key)) return `${key.slice(0, -3)}y`;
  if (/(ss|x|ch|sh)es$/i.test(key)) return key.slice(0, -2);
  if (/[^su]s$/i.test(key)) return key.slice(0, -1);
  return `${key} item`;
}

/** The spec of the child at one path step, or undefined when the spec does not say. */
export function childSpec(spec: FieldSpec | undefined, part: PathPart): FieldSpec | undefined {
  if (!spec) return undefined;
  if (spec.type === 'array') return typeof part === 'number' ? spec.item : undefined;
  if (spec.type === 'object') return spec.fields.find((field) => field.key === part);
  if (spec.type === 'record') return typeof part === 'string' ? spec.value : undefined;
  return undefined;
}

/** Every spec in the tree, depth first, with its schema-level path (list items as index 0). */
export function allSpecs(spec: FieldSpec, path: FieldPath = []): { spec: FieldSpec; path: FieldPath }[] {
  const here = [{ spec, path }];
  if (spec.type === 'object') return [...here, ...spec.fields.flatMap((field) => allSpecs(field, [...path, field.key]))];
  if (spec.type === 'array') return [...here, ...allSpecs(spec.item, [...path, 0])];
  if (spec.type === 'record') return [...here, ...allSpecs(spec.value, [...path, '*'])];
  return here;
}

/**
 * What the constraints mean, in a few words for the help line: `whole number, 1–64 · default 2`.
 * Regular expressions are left out; the validator's sentence explains a mismatch better.
 */
export function describeConstraints(spec: FieldSpec): string {
  const parts: string[] = [];
  const big = (value: number | undefined) => value !== undefined && Math.abs(value) >= Number.MAX_SAFE_INTEGER;
  switch (spec.type) {
    case 'number': {
      const low = big(spec.minimum) ? undefined : spec.minimum;
      const high = big(spec.maximum) ? undefined : spec.maximum;
      let range = '';
      if (low !== undefined && high !== undefined) range = `${low}–${high}`;
      else if (low !== undefined) range = `≥ ${low}`;
      else if (high !== undefined) range = `≤ ${high}`;
      if (spec.exclusiveMinimum !== undefined) range = [range, `> ${spec.exclusiveMinimum}`].filter(Boolean).join(', ');
      if (spec.exclusiveMaximum !== undefined) range = [range, `< ${spec.exclusiveMaximum}`].filter(Boolean).join(', ');
      parts.push([spec.integer ? 'whole number' : 'number', range].filter(Boolean).join(', '));
      if (spec.multipleOf !== undefined) parts.push(`multiple of ${spec.multipleOf}`);
      break;
    }
    case 'string':
      if (spec.format) parts.push(spec.format);
      if (spec.minLength !== undefined && spec.maxLength !== undefined) parts.push(`${spec.minLength}–${spec.maxLength} characters`);
      else if (spec.minLength !== undefined && spec.minLength > 1) parts.push(`at least ${spec.minLength} characters`);
      else if (spec.maxLength !== undefined) parts.push(`at most ${spec.maxLength} characters`);
      break;
    case 'array':
      if (spec.minItems) parts.push(`at least ${spec.minItems} ${spec.minItems === 1 ? spec.itemLabel : `${spec.itemLabel}s`}`);
      if (spec.maxItems !== undefined) parts.push(`at most ${spec.maxItems}`);
      break;
    default:
      break;
  }
  if (spec.hasDefault && isPrimitive(spec.defaultValue) && spec.type !== 'literal') {
    const shown = typeof spec.defaultValue === 'string' ? spec.defaultValue : JSON.stringify(spec.defaultValue);
    if (shown.length > 0 && shown.length <= 32) parts.push(`default ${shown}`);
  } else if (!spec.required && !spec.hasDefault && spec.key) {
    parts.push('optional');
  }
  return parts.join(' · ');
}

// ---------------------------------------------------------------------------------------------
// Specs + a value -> the form's fields

interface NodeBase {
  /** Where the value lives in the config: ['servers', 0, 'locations', 0, 'proxy_pass']. */
  readonly path: FieldPath;
  /** The same as text, as errors name it: `servers[0].locations[0].proxy_pass`. */
  readonly pathText: string;
  /** The rows this field sits in, innermost first (`['server 1', 'upstream 2']`), to tell same-named fields apart. */
  readonly context: readonly string[];
}

export interface LeafNode extends NodeBase {
  readonly type: 'leaf';
  readonly spec: LeafSpec;
  /** The value as it is in the config; undefined when the key is absent. */
  readonly value: unknown;
}

export interface ObjectNode extends NodeBase {
  readonly type: 'object';
  readonly spec: ObjectSpec;
  readonly value: unknown;
  readonly fields: readonly FormNode[];
}

export interface RowNode {
  readonly index: number;
  /** `location 2`: one-based, as a person counts. */
  readonly label: string;
  readonly node: FormNode;
}

export interface ArrayNode extends NodeBase {
  readonly type: 'array';
  readonly spec: ArraySpec;
  readonly value: unknown;
  /** The rows shown: the value's items, or the default's while the key is absent. */
  readonly rows: readonly RowNode[];
  /** How many items there are; more than `rows.length` when the list is too long to show. */
  readonly total: number;
  /** The rows come from the schema's default, not from the config. */
  readonly fromDefault: boolean;
}

export interface EntryNode {
  readonly key: string;
  readonly index: number;
  readonly node: FormNode;
}

export interface RecordNode extends NodeBase {
  readonly type: 'record';
  readonly spec: RecordSpec;
  readonly value: unknown;
  readonly entries: readonly EntryNode[];
  readonly fromDefault: boolean;
}

export type FormNode = LeafNode | ObjectNode | ArrayNode | RecordNode;

/** Rows beyond this are not drawn (a browser may have 200 000 visits); the form says so. */
export const MAX_ROWS = 100;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The form for one value: every field with its concrete path and current value. Never throws;
 * a value of the wrong shape shows as empty fields (and the validator says what is wrong).
 *
 * @example
 *   const form = buildFormModel(describeSchema(nginxConfigSchema), { servers: [{ locations: [{ path: '/', proxy_pass: 'http://app' }] }] });
 *   // form.fields[1].rows[0].node.fields[5].rows[0].node.fields[1].pathText === 'servers[0].locations[0].proxy_pass'
 */
export function buildFormModel(spec: FieldSpec, value: unknown, path: FieldPath = [], context: readonly string[] = []): FormNode {
  const base = { path, pathText: formatPath(path), context };
  switch (spec.type) {
    case 'object': {
      const container = containerFor(spec, value, isPlainObject) ?? {};
      return { ...base, type: 'object', spec, value, fields: spec.fields.map((field) => buildFormModel(field, container[field.key], [...path, field.key], context)) };
    }
    case 'array': {
      const own = Array.isArray(value) ? value : undefined;
      const items: readonly unknown[] = own ?? (value === undefined && Array.isArray(spec.defaultValue) ? spec.defaultValue : []);
      const rows = items.slice(0, MAX_ROWS).map((item, index) => {
        const label = `${spec.itemLabel} ${index + 1}`;
        return { index, label, node: buildFormModel(spec.item, item, [...path, index], [label, ...context]) };
      });
      return { ...base, type: 'array', spec, value, rows, total: items.length, fromDefault: !own && items.length > 0 };
    }
    case 'record': {
      const own = isPlainObject(value) ? value : undefined;
      const container = own ?? (value === undefined && isPlainObject(spec.defaultValue) ? spec.defaultValue : {});
      const entries = Object.keys(container)
        .slice(0, MAX_ROWS)
        .map((key, index) => ({ key, index, node: buildFormModel(spec.value, container[key], [...path, key], [key, ...context]) }));
      return { ...base, type: 'record', spec, value, entries, fromDefault: !own && entries.length > 0 };
    }
    default:
      return { ...base, type: 'leaf', spec, value };
  }
}

function containerFor<T>(spec: FieldSpec, value: unknown, is: (value: unknown) => value is T): T | undefined {
  if (is(value)) return value;
  if (value === undefined && is(spec.defaultValue)) return spec.defaultValue;
  return undefined;
}

/** Every path the form draws a control or a group for, as text. */
export function renderedPaths(node: FormNode, into: Set<string> = new Set()): Set<string> {
  into.add(node.pathText);
  if (node.type === 'object') for (const field of node.fields) renderedPaths(field, into);
  if (node.type === 'array') {
    // A list of choices is one group of checkboxes, which shows its items' errors too.
    if (node.spec.item.type === 'enum') node.rows.forEach((row) => into.add(formatPath(row.node.path)));
    else for (const row of node.rows) renderedPaths(row.node, into);
  }
  if (node.type === 'record') for (const entry of node.entries) renderedPaths(entry.node, into);
  return into;
}

// ---------------------------------------------------------------------------------------------
// Validation

/** Sentences keyed by path text (`servers[0].locations[0].proxy_pass`); '' is the config itself. */
export type ConfigErrors = Readonly<Record<string, readonly string[]>>;

const NO_ERRORS: ConfigErrors = Object.freeze(Object.create(null) as Record<string, readonly string[]>);

/**
 * Validates a config against its schema, with the importer's sentences (io/errors.ts).
 *
 * @example
 *   validateConfig(gunicornConfigSchema, { workers: 0 })
 *   // { workers: ['must be at least 1'] }
 */
export function validateConfig(schema: z.core.$ZodType, value: unknown): ConfigErrors {
  let result: z.ZodSafeParseResult<unknown>;
  try {
    result = z.safeParse(schema, value);
  } catch (error) {
    return { '': [error instanceof Error ? error.message : String(error)] };
  }
  if (result.success) return NO_ERRORS;
  const errors = Object.create(null) as Record<string, string[]>;
  for (const { path, message } of fromZod(result.error)) (errors[path] ??= []).push(message);
  return errors;
}

/** The sentences for one path; safe for keys such as `constructor`. */
export function errorsAt(errors: ConfigErrors, pathText: string): readonly string[] {
  return Object.hasOwn(errors, pathText) ? (errors[pathText] ?? []) : [];
}

/** Errors whose path the form draws no field for: shown together above the fields. */
export function unplacedErrors(errors: ConfigErrors, form: FormNode): { path: string; message: string }[] {
  const placed = renderedPaths(form);
  return Object.entries(errors).flatMap(([path, messages]) => (placed.has(path) && path !== '' ? [] : messages.map((message) => ({ path, message }))));
}
