import { z } from '../../../src/simulation/io/zod.ts';
import { fromZod } from '../../../src/simulation/io/errors.ts';
import { childSpec, isPlainObject, type FieldPath, type FieldSpec, type NumberSpec, type PathPart } from './form-model.ts';

/**
 * Pure edits of a config value, guided by its field spec. Each returns a new value and never
 * changes the one it is given (ARCHITECTURE.md, style rule 5). A container that is missing is
 * made from the schema's default first, so editing one row of a default list keeps the others.
 */

/** Passed as the new value to remove a key: an absent key means "the default". */
export const UNSET: unique symbol = Symbol('unset');

/** Sets a data property without ever touching a prototype, even for a key named `__proto__`. */
function put(target: Record<string, unknown> | unknown[], key: PathPart, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** JSON-shaped deep copy; a default taken from the spec must not be shared with the document. */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) put(copy, key, cloneJson(entry));
    return copy as T;
  }
  return value;
}

/** The container at a step, as the form shows it: the value, else the default, else empty. */
function materialize(spec: FieldSpec | undefined, current: unknown, asList: boolean): Record<string, unknown> | unknown[] {
  if (asList) {
    if (Array.isArray(current)) return [...current];
    if (current === undefined && Array.isArray(spec?.defaultValue)) return cloneJson(spec.defaultValue);
    return [];
  }
  if (isPlainObject(current)) return { ...current };
  if (current === undefined && isPlainObject(spec?.defaultValue)) return cloneJson(spec.defaultValue);
  return {};
}

/**
 * The value with the part at `path` replaced by `update(current)`; returning UNSET removes an
 * object key.
 *
 * @example
 *   updateAt(spec, { workers: 2 }, ['workers'], () => 4) // { workers: 4 }
 */
export function updateAt(spec: FieldSpec | undefined, root: unknown, path: FieldPath, update: (current: unknown) => unknown): unknown {
  if (path.length === 0) return update(root);
  const [head, ...rest] = path as [PathPart, ...PathPart[]];
  const container = materialize(spec, root, typeof head === 'number');
  const current = Array.isArray(container) ? container[head as number] : Object.hasOwn(container, head) ? container[head] : undefined;
  const next = updateAt(childSpec(spec, head), current, rest, update);
  if (next === UNSET) {
    if (Array.isArray(container)) put(container, head, undefined);
    else delete container[head];
  } else {
    put(container, head, next);
  }
  return container;
}

/** `setAt(spec, config, ['servers', 0, 'locations', 0, 'path'], '/api')`; UNSET removes the key. */
export function setAt(spec: FieldSpec | undefined, root: unknown, path: FieldPath, value: unknown): unknown {
  return updateAt(spec, root, path, () => value);
}

function listOf(value: unknown, spec: FieldSpec | undefined): unknown[] {
  if (Array.isArray(value)) return [...value];
  if (value === undefined && Array.isArray(spec?.defaultValue)) return cloneJson(spec.defaultValue);
  return [];
}

/** The value at a path, or undefined when any step is missing. */
export function valueAt(root: unknown, path: FieldPath): unknown {
  let current = root;
  for (const part of path) {
    if (Array.isArray(current) && typeof part === 'number') current = current[part];
    else if (isPlainObject(current) && typeof part === 'string' && Object.hasOwn(current, part)) current = current[part];
    else return undefined;
  }
  return current;
}

function specAt(spec: FieldSpec | undefined, path: FieldPath): FieldSpec | undefined {
  return path.reduce<FieldSpec | undefined>((current, part) => childSpec(current, part), spec);
}

/** Appends a row (a fresh item unless one is given) to the list at `path`. */
export function insertRow(spec: FieldSpec, root: unknown, path: FieldPath, item?: unknown): unknown {
  const list = specAt(spec, path);
  const fresh = item !== undefined ? item : list?.type === 'array' ? initialValue(list.item) : '';
  return updateAt(spec, root, path, (current) => [...listOf(current, list), fresh]);
}

export function removeRow(spec: FieldSpec, root: unknown, path: FieldPath, index: number): unknown {
  const list = specAt(spec, path);
  return updateAt(spec, root, path, (current) => listOf(current, list).filter((_, at) => at !== index));
}

/** Moves row `from` to position `to`; out-of-range moves change nothing. */
export function moveRow(spec: FieldSpec, root: unknown, path: FieldPath, from: number, to: number): unknown {
  const list = specAt(spec, path);
  const length = listOf(valueAt(root, path), list).length;
  if (from < 0 || to < 0 || from >= length || to >= length || from === to) return root;
  return updateAt(spec, root, path, (current) => {
    const items = listOf(current, list);
    const [moved] = items.splice(from, 1);
    items.splice(to, 0, moved);
    return items;
  });
}

/** Renames a record key in place (its position kept); a clash or an unknown key changes nothing. */
export function renameKey(spec: FieldSpec, root: unknown, path: FieldPath, from: string, to: string): unknown {
  const record = specAt(spec, path);
  const recordOf = (current: unknown): Record<string, unknown> =>
    isPlainObject(current) ? current : current === undefined && isPlainObject(record?.defaultValue) ? cloneJson(record.defaultValue) : {};
  const before = recordOf(valueAt(root, path));
  if (from === to || !Object.hasOwn(before, from) || Object.hasOwn(before, to)) return root;
  return updateAt(spec, root, path, (current) => {
    const source = recordOf(current);
    const renamed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(source)) put(renamed, key === from ? to : key, value);
    return renamed;
  });
}

/** A key not yet in the record: the first unused allowed key, else `key`, `key2`, … */
export function freeKey(taken: readonly string[], options?: readonly string[]): string | undefined {
  if (options) return options.find((option) => !taken.includes(option));
  if (!taken.includes('key')) return 'key';
  for (let n = 2; ; n++) if (!taken.includes(`key${n}`)) return `key${n}`;
}

/**
 * What a new row holds: required fields filled with something to edit (an empty text, the
 * lowest allowed number, the first choice), defaulted and optional ones left out so the
 * default applies. Lists that need items get that many.
 */
export function initialValue(spec: FieldSpec): unknown {
  if (spec.hasDefault) return cloneJson(spec.defaultValue);
  switch (spec.type) {
    case 'string':
      return '';
    case 'number': {
      const low = spec.minimum ?? (spec.exclusiveMinimum !== undefined ? spec.exclusiveMinimum + (spec.integer ? 1 : 0.5) : 0);
      const high = spec.maximum ?? spec.exclusiveMaximum;
      const value = high !== undefined && low > high ? high : low;
      return spec.integer ? Math.ceil(value) : value;
    }
    case 'boolean':
      return false;
    case 'enum':
      return spec.options[0] ?? null;
    case 'literal':
      return spec.value;
    case 'json':
      return null;
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const field of spec.fields) if (field.required) put(value, field.key, initialValue(field));
      return value;
    }
    case 'array':
      return Array.from({ length: spec.minItems ?? 0 }, () => initialValue(spec.item));
    case 'record':
      return {};
  }
}

// ---------------------------------------------------------------------------------------------
// Text <-> value, for inputs that keep what the person typed

export type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** A number as JSON writes it, with a leading + or a trailing point tolerated while typing. */
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The catalogue's sentence for a value a schema rejects (io/errors.ts), so the form says what the importer says. */
function sentence(schema: z.ZodType, value: unknown): string {
  const result = schema.safeParse(value);
  return result.success ? 'is not valid' : (fromZod(result.error)[0]?.message ?? 'is not valid');
}

/**
 * What a number field's text means. Empty text is "not set" (the default applies) when the key
 * may be absent, null when it may be null; text that is no number is an error. Range and
 * whole-number checks are left to the validator, so the config holds what was typed.
 *
 * @example
 *   parseNumberText('4', spec)   // { ok: true, value: 4 }
 *   parseNumberText('1e', spec)  // { ok: false, message: 'must be a number' }
 */
export function parseNumberText(text: string, spec: Pick<NumberSpec, 'required' | 'nullable'>): Parsed {
  const trimmed = text.trim();
  if (trimmed === '') {
    if (!spec.required) return { ok: true, value: UNSET };
    if (spec.nullable) return { ok: true, value: null };
    return { ok: false, message: sentence(z.number(), undefined) };
  }
  if (!NUMBER_TEXT.test(trimmed)) return { ok: false, message: sentence(z.number(), trimmed) };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, message: sentence(z.number(), value) };
  return { ok: true, value };
}

/** What a JSON field's text means; empty is "not set" when the key may be absent. */
export function parseJsonText(text: string, spec: { readonly required: boolean; readonly nullable: boolean }): Parsed {
  if (text.trim() === '') {
    if (!spec.required) return { ok: true, value: UNSET };
    if (spec.nullable) return { ok: true, value: null };
    return { ok: false, message: 'is required but missing' };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, message: 'is not valid JSON' };
  }
}

/** A value as text for an input: strings as they are, other values as JSON; never throws. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A value as pretty JSON for a JSON field; never throws. */
export function jsonText(value: unknown): string {
  if (value === undefined) return '';
  try {
    return JSON.stringify(value, null, 2) ?? '';
  } catch {
    return String(value);
  }
}
