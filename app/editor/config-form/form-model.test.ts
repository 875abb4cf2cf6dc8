import { describe, expect, it } from 'vitest';
import { z } from '../../../src/simulation/io/zod.ts';
import { configSchemaOf, NODE_KINDS } from '../../../src/simulation/index.ts';
import {
  allSpecs,
  buildFormModel,
  describeConstraints,
  describeSchema,
  errorsAt,
  MAX_ROWS,
  singular,
  unplacedErrors,
  validateConfig,
  type ArrayNode,
  type ArraySpec,
  type FieldSpec,
  type FormNode,
  type ObjectNode,
  type ObjectSpec,
} from './form-model.ts';

function field(spec: FieldSpec, ...keys: string[]): FieldSpec {
  let current = spec;
  for (const key of keys) {
    if (current.type === 'array') current = current.item;
    if (current.type !== 'object') throw new Error(`${current.key} is not an object`);
    const next = current.fields.find((entry) => entry.key === key);
    if (!next) throw new Error(`no field ${key}`);
    current = next;
  }
  return current;
}

function kindSpec(kind: (typeof NODE_KINDS)[number]): ObjectSpec {
  const spec = describeSchema(configSchemaOf(kind));
  if (spec.type !== 'object') throw new Error(`${kind} is not an object schema`);
  return spec;
}

/** Every node of a form, depth first. */
function flatten(node: FormNode): FormNode[] {
  if (node.type === 'object') return [node, ...node.fields.flatMap(flatten)];
  if (node.type === 'array') return [node, ...node.rows.flatMap((row) => flatten(row.node))];
  if (node.type === 'record') return [node, ...node.entries.flatMap((entry) => flatten(entry.node))];
  return [node];
}

const GARBAGE: unknown[] = [undefined, null, 0, 'nginx', [], [1, 2], { address: 12, locations: 'x', routes: [null, 3, 'a'], upstreams: [{ servers: 'no' }], tables: [{ rows: [[1, {}]] }], visits: {}, records: [[]] }];

describe('describeSchema, for every kind in the registry', () => {
  it.each(NODE_KINDS)('%s has an object model with fields, none of them of an unknown type', (kind) => {
    const spec = kindSpec(kind);
    expect(spec.fields.length).toBeGreaterThan(0);
    const unknown = allSpecs(spec).filter((entry) => entry.spec.type === 'json');
    expect(unknown.map((entry) => entry.path.join('.'))).toEqual([]);
    for (const { spec: entry } of allSpecs(spec)) expect(['string', 'number', 'boolean', 'enum', 'literal', 'object', 'array', 'record']).toContain(entry.type);
  });

  it.each(NODE_KINDS)('%s: every field has a label, and a default where the key may be left out', (kind) => {
    const spec = kindSpec(kind);
    for (const entry of spec.fields) {
      expect(entry.label).toBe(entry.key);
      if (!entry.required) expect(entry.hasDefault || entry.key === 'nameserver' || entry.key === 'database' || entry.key === 'session_redis' || entry.key === 'accesslog').toBe(true);
    }
  });

  it.each(NODE_KINDS)('%s: builds a form for its defaults and for values of the wrong shape without throwing', (kind) => {
    const schema = configSchemaOf(kind);
    const spec = describeSchema(schema);
    for (const value of GARBAGE) {
      const form = buildFormModel(spec, value);
      expect(form.type).toBe('object');
      const errors = validateConfig(schema, value);
      expect(() => unplacedErrors(errors, form)).not.toThrow();
    }
  });

  it('is cached per schema', () => {
    expect(describeSchema(configSchemaOf('nginx'))).toBe(describeSchema(configSchemaOf('nginx')));
  });
});

describe('fields and their constraints', () => {
  it("reads Gunicorn's --workers: a whole number from 1 to 64, default 2, with its description", () => {
    expect(field(kindSpec('gunicorn'), 'workers')).toMatchObject({
      type: 'number',
      key: 'workers',
      label: 'workers',
      description: '--workers: sync worker processes',
      integer: true,
      minimum: 1,
      maximum: 64,
      required: false,
      hasDefault: true,
      defaultValue: 2,
    });
    expect(describeConstraints(field(kindSpec('gunicorn'), 'workers'))).toBe('whole number, 1–64 · default 2');
  });

  it('keeps nginx words as labels and the description as help text', () => {
    const proxyPass = field(kindSpec('nginx'), 'servers', 'locations', 'proxy_pass');
    // Optional: a location either proxies or answers with return.
    expect(proxyPass).toMatchObject({ type: 'string', label: 'proxy_pass', description: 'Where matching requests are forwarded', required: false, hasDefault: false });
    expect(proxyPass.type === 'string' && proxyPass.patterns).toEqual(['^http:\\/\\/[A-Za-z0-9._-]+(:\\d{1,5})?\\/?$']);
  });

  it('reads defaults, optional keys and string constraints', () => {
    expect(field(kindSpec('nginx'), 'servers', 'server_name')).toMatchObject({ type: 'string', minLength: 1, maxLength: 253, hasDefault: true, defaultValue: 'example.com', required: false });
    expect(describeConstraints(field(kindSpec('nginx'), 'servers', 'server_name'))).toBe('1–253 characters · default example.com');
    expect(field(kindSpec('browser'), 'nameserver')).toMatchObject({ type: 'string', required: false, hasDefault: false, defaultValue: undefined });
    expect(describeConstraints(field(kindSpec('browser'), 'nameserver'))).toBe('optional');
    expect(field(kindSpec('flask'), 'routes', 'sql')).toMatchObject({ type: 'string', required: false, minLength: 1, multiline: true });
    expect(field(kindSpec('flask'), 'routes', 'body')).toMatchObject({ type: 'string', multiline: true, defaultValue: 'Hello, world!' });
    expect(field(kindSpec('flask'), 'routes', 'rule')).toMatchObject({ type: 'string', multiline: false });
    expect(field(kindSpec('postgres'), 'queryLatencyMs')).toMatchObject({ type: 'number', integer: false, minimum: 0, maximum: 3_600_000, defaultValue: 2 });
  });

  it('reads a literal with a default (a DNS record type)', () => {
    expect(field(kindSpec('dns-resolver'), 'records', 'type')).toMatchObject({ type: 'literal', value: 'A', hasDefault: true, required: false });
  });

  it('reads lists of objects: nginx locations and upstreams, Flask routes', () => {
    const blocks = field(kindSpec('nginx'), 'servers') as ArraySpec;
    expect(blocks).toMatchObject({ type: 'array', itemLabel: 'server', minItems: 1, hasDefault: true });
    const locations = field(kindSpec('nginx'), 'servers', 'locations') as ArraySpec;
    expect(locations).toMatchObject({ type: 'array', itemLabel: 'location', hasDefault: true, defaultValue: [{ modifier: 'none', path: '/', proxy_pass: 'http://app', proxy_http_version: '1.0', proxy_set_header: [], proxy_connect_timeout: 60, proxy_read_timeout: 60, proxy_next_upstream: ['error', 'timeout'], index: ['index.html'] }] });
    expect((locations.item as ObjectSpec).fields.map((entry) => [entry.key, entry.required])).toEqual([
      ['modifier', false],
      ['path', true],
      ['proxy_pass', false],
      ['return', false],
      ['proxy_http_version', false],
      ['proxy_set_header', false],
      ['proxy_connect_timeout', false],
      ['proxy_read_timeout', false],
      ['proxy_next_upstream', false],
      ['root', false],
      ['index', false],
      ['try_files', false],
    ]);

    const servers = field(kindSpec('nginx'), 'upstreams', 'servers') as ArraySpec;
    expect(servers).toMatchObject({ type: 'array', itemLabel: 'server', minItems: 1, required: true });
    expect(field(kindSpec('nginx'), 'upstreams', 'servers', 'server')).toMatchObject({ type: 'string', required: true });

    const routes = field(kindSpec('flask'), 'routes') as ArraySpec;
    expect(routes.itemLabel).toBe('route');
    expect((routes.item as ObjectSpec).fields.map((entry) => entry.key)).toEqual(['rule', 'endpoint', 'methods', 'view', 'sql', 'body', 'contentType', 'status', 'processingMs', 'location', 'redirectCode', 'filePath', 'lastModified']);
    expect(field(kindSpec('flask'), 'routes', 'methods')).toMatchObject({ type: 'array', minItems: 1, defaultValue: ['GET'], item: { type: 'enum', options: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'] } });
    expect(describeConstraints(field(kindSpec('flask'), 'routes', 'methods'))).toBe('at least 1 method');
  });

  it('reads lists of lists (PostgreSQL table rows)', () => {
    expect(field(kindSpec('postgres'), 'tables', 'rows')).toMatchObject({ type: 'array', itemLabel: 'row', item: { type: 'array', itemLabel: 'item', item: { type: 'string' } } });
  });

  it('names list rows in the singular', () => {
    expect(['locations', 'entries', 'matches', 'boxes', 'address', 'status', 'data', ''].map(singular)).toEqual(['location', 'entry', 'match', 'box', 'address item', 'status item', 'data item', 'item']);
  });
});

describe('describeSchema, for shapes no kind uses yet', () => {
  const spec = describeSchema(
    z.object({
      title: z.string().meta({ title: 'Server title', description: 'Shown in the tab' }),
      maybe: z.string().nullable(),
      ratio: z.number().positive().nullable().default(null),
      mode: z.enum(['fast', 'safe']).default('safe'),
      code: z.union([z.literal(301), z.literal(302)]),
      flag: z.boolean().default(true),
      headers: z.record(z.string(), z.string()),
      limits: z.record(z.enum(['cpu', 'memory']), z.number()),
      either: z.union([z.string(), z.number()]),
      pair: z.tuple([z.string(), z.number()]),
      two: z.string().regex(/a/).regex(/b/),
      aliases: z.array(z.string()).meta({ itemLabel: 'server name' }),
      nested: z.object({ deep: z.number().int() }),
    }),
  ) as ObjectSpec;
  const byKey = (key: string) => spec.fields.find((entry) => entry.key === key)!;

  it('takes a title from meta, and keeps the description as help', () => {
    expect(byKey('title')).toMatchObject({ label: 'Server title', description: 'Shown in the tab' });
  });

  it('reads nullable fields, with or without a default', () => {
    expect(byKey('maybe')).toMatchObject({ type: 'string', nullable: true, required: true });
    expect(byKey('ratio')).toMatchObject({ type: 'number', nullable: true, exclusiveMinimum: 0, hasDefault: true, defaultValue: null });
  });

  it('reads enums, unions of literals and booleans', () => {
    expect(byKey('mode')).toMatchObject({ type: 'enum', options: ['fast', 'safe'], defaultValue: 'safe' });
    expect(byKey('code')).toMatchObject({ type: 'enum', options: [301, 302] });
    expect(byKey('flag')).toMatchObject({ type: 'boolean', defaultValue: true });
  });

  it('reads records, with their allowed keys', () => {
    expect(byKey('headers')).toMatchObject({ type: 'record', value: { type: 'string' } });
    expect(byKey('limits')).toMatchObject({ type: 'record', keyOptions: ['cpu', 'memory'], value: { type: 'number' } });
  });

  it('falls back to JSON text for unions and tuples', () => {
    expect(byKey('either')).toMatchObject({ type: 'json' });
    expect(byKey('pair')).toMatchObject({ type: 'json', reason: 'it is a tuple' });
  });

  it('folds several patterns into one field, and honours an itemLabel', () => {
    expect(byKey('two')).toMatchObject({ type: 'string', patterns: ['a', 'b'] });
    expect(byKey('aliases')).toMatchObject({ type: 'array', itemLabel: 'server name' });
    expect(byKey('nested')).toMatchObject({ type: 'object', fields: [{ key: 'deep', type: 'number', integer: true }] });
  });

  it('stops at recursion instead of looping', () => {
    interface Tree {
      name: string;
      children: Tree[];
    }
    const tree: z.ZodType<Tree> = z.lazy(() => z.object({ name: z.string(), children: z.array(tree) }));
    const described = describeSchema(z.object({ root: tree }));
    expect(allSpecs(described).some((entry) => entry.spec.type === 'json')).toBe(true);
  });

  it('turns a schema JSON Schema cannot express into a JSON field, not an exception', () => {
    expect(describeSchema(z.object({ when: z.date(), big: z.bigint() }))).toMatchObject({ type: 'object', fields: [{ type: 'json' }, { type: 'json' }] });
  });
});

describe('buildFormModel', () => {
  const spec = describeSchema(configSchemaOf('nginx'));

  it('gives every field its concrete path, and rows their names', () => {
    const form = buildFormModel(spec, {
      servers: [
        {
          locations: [
            { path: '/', proxy_pass: 'http://app' },
            { path: '/api', proxy_pass: 'http://api' },
          ],
        },
      ],
    }) as ObjectNode;
    const blocks = form.fields.find((entry) => entry.pathText === 'servers') as ArrayNode;
    expect(blocks.fromDefault).toBe(false);
    const block = blocks.rows[0]!.node as ObjectNode;
    const locations = block.fields.find((entry) => entry.pathText === 'servers[0].locations') as ArrayNode;
    expect(locations.fromDefault).toBe(false);
    expect(locations.rows.map((row) => row.label)).toEqual(['location 1', 'location 2']);
    const second = locations.rows[1]!.node as ObjectNode;
    expect(second.fields.slice(1, 3).map((entry) => [entry.pathText, entry.type === 'leaf' ? entry.value : undefined, entry.context])).toEqual([
      ['servers[0].locations[1].path', '/api', ['location 2', 'server 1']],
      ['servers[0].locations[1].proxy_pass', 'http://api', ['location 2', 'server 1']],
    ]);
  });

  it("shows a list's default rows while the key is absent", () => {
    const form = buildFormModel(spec, {}) as ObjectNode;
    const upstreams = form.fields.find((entry) => entry.pathText === 'upstreams') as ArrayNode;
    expect(upstreams.fromDefault).toBe(true);
    expect(flatten(upstreams).map((entry) => entry.pathText)).toEqual(['upstreams', 'upstreams[0]', 'upstreams[0].name', 'upstreams[0].method', 'upstreams[0].servers', 'upstreams[0].servers[0]', 'upstreams[0].servers[0].server', 'upstreams[0].servers[0].weight', 'upstreams[0].servers[0].down', 'upstreams[0].servers[0].backup', 'upstreams[0].servers[0].max_fails', 'upstreams[0].servers[0].fail_timeout']);
    const server = flatten(upstreams).at(-1)!;
    expect(server.context).toEqual(['server 1', 'upstream 1']);
  });

  it('draws at most MAX_ROWS rows of a long list and counts the rest', () => {
    const visits = Array.from({ length: MAX_ROWS + 5 }, (_, index) => ({ url: `http://example.com/${index}`, atMs: index }));
    const form = buildFormModel(describeSchema(configSchemaOf('browser')), { visits }) as ObjectNode;
    const list = form.fields.find((entry) => entry.pathText === 'visits') as ArrayNode;
    expect(list.rows).toHaveLength(MAX_ROWS);
    expect(list.total).toBe(MAX_ROWS + 5);
  });
});

describe('validateConfig', () => {
  it('is empty for a valid config, and for an empty one where everything has a default', () => {
    expect(validateConfig(configSchemaOf('gunicorn'), { workers: 4 })).toEqual({});
    expect(validateConfig(configSchemaOf('nginx'), {})).toEqual({});
  });

  it("keys errors by path, with the importer's sentences", () => {
    expect(validateConfig(configSchemaOf('gunicorn'), { workers: 0, port: 1.5 })).toEqual({ workers: ['must be at least 1'], port: ['must be a whole number'] });
    const nginx = validateConfig(configSchemaOf('nginx'), {
      servers: [{ locations: [{ path: '/', proxy_pass: 'http://app' }, { path: 'api', proxy_pass: 'app' }, { path: '/both', proxy_pass: 'http://app', return: '301 https://$host$request_uri' }] }],
      upstreams: [{ name: 'app', servers: [] }],
    });
    expect(errorsAt(nginx, 'servers[0].locations[1].path')).toEqual(['must start with /']);
    expect(errorsAt(nginx, 'servers[0].locations[1].proxy_pass')).toEqual(['must be http://<upstream or host:port>']);
    expect(errorsAt(nginx, 'servers[0].locations[2].proxy_pass')).toEqual(['a location either proxies (proxy_pass) or answers itself (return), not both.']);
    expect(errorsAt(nginx, 'upstreams[0].servers')).toEqual(['an upstream needs at least one server']);
    expect(Object.keys(nginx).sort()).toEqual(['servers[0].locations[1].path', 'servers[0].locations[1].proxy_pass', 'servers[0].locations[2].proxy_pass', 'upstreams[0].servers']);
  });

  it('names missing required fields and wrong types', () => {
    const flask = validateConfig(configSchemaOf('flask'), { routes: [{ rule: '/' }], database: 'mysql://x' });
    expect(errorsAt(flask, 'routes[0].endpoint')).toEqual(['is required but missing']);
    expect(errorsAt(flask, 'database')).toEqual(['must be a URL such as postgresql://app@db:5432/app']);
    expect(errorsAt(validateConfig(configSchemaOf('gunicorn'), { workers: '2' }), 'workers')).toEqual(['must be a number']);
  });

  it('reports a value that is not an object at the root path', () => {
    expect(validateConfig(configSchemaOf('postgres'), 'nope')).toEqual({ '': ['must be an object ({ ... })'] });
  });

  it('looks errors up safely, even for paths named like Object methods', () => {
    expect(errorsAt(validateConfig(configSchemaOf('gunicorn'), {}), 'constructor')).toEqual([]);
  });

  it('lists the errors no field shows: the root, and rows beyond MAX_ROWS', () => {
    const schema = configSchemaOf('browser');
    const visits = Array.from({ length: MAX_ROWS + 1 }, () => ({ url: 'http://example.com/' }));
    visits[MAX_ROWS] = { url: 'ftp://nope' };
    visits[0] = { url: 'gopher://x' };
    const value = { visits };
    const errors = validateConfig(schema, value);
    const unplaced = unplacedErrors(errors, buildFormModel(describeSchema(schema), value));
    expect(unplaced).toEqual([{ path: `visits[${MAX_ROWS}].url`, message: 'must be an http:// or https:// URL such as https://example.com/, or a ws:// URL such as ws://example.com/chat' }]);
    expect(unplacedErrors(validateConfig(schema, null), buildFormModel(describeSchema(schema), null))).toEqual([{ path: '', message: 'must be an object ({ ... })' }]);
  });

  it('shows errors of a list of choices on its group', () => {
    const schema = configSchemaOf('flask');
    const value = { routes: [{ rule: '/', endpoint: 'index', methods: ['GET', 'FETCH'] }] };
    const errors = validateConfig(schema, value);
    expect(Object.keys(errors)).toEqual(['routes[0].methods[1]']);
    expect(unplacedErrors(errors, buildFormModel(describeSchema(schema), value))).toEqual([]);
  });
});
