import { describe, expect, it } from 'vitest';
import { z } from '../../../src/simulation/io/zod.ts';
import { configSchemaOf } from '../../../src/simulation/index.ts';
import { describeSchema, validateConfig } from './form-model.ts';
import { freeKey, initialValue, insertRow, jsonText, moveRow, parseJsonText, parseNumberText, removeRow, renameKey, setAt, UNSET, valueAt, valueText } from './form-edit.ts';

const nginx = describeSchema(configSchemaOf('nginx'));
const flask = describeSchema(configSchemaOf('flask'));

describe('setAt', () => {
  it('returns a new value and leaves the old one as it was', () => {
    const config = Object.freeze({ workers: 2, port: 8000 });
    expect(setAt(describeSchema(configSchemaOf('gunicorn')), config, ['workers'], 4)).toEqual({ workers: 4, port: 8000 });
    expect(config).toEqual({ workers: 2, port: 8000 });
  });

  it('removes the key for UNSET, so the default applies', () => {
    expect(setAt(nginx, { servers: [{ listen: 8080, server_name: 'a' }] }, ['servers', 0, 'listen'], UNSET)).toEqual({ servers: [{ server_name: 'a' }] });
  });

  it("starts from a list's default when its key is absent, keeping the other rows", () => {
    const next = setAt(nginx, {}, ['upstreams', 0, 'servers', 0, 'server'], 'app2:8000');
    expect(next).toEqual({ upstreams: [{ name: 'app', method: 'round_robin', servers: [{ server: 'app2:8000', weight: 1, down: false, backup: false, max_fails: 1, fail_timeout: 10 }] }] });
    expect(nginx.type === 'object' && nginx.fields.find((entry) => entry.key === 'upstreams')?.defaultValue).toEqual([{ name: 'app', method: 'round_robin', servers: [{ server: 'app1:8000', weight: 1, down: false, backup: false, max_fails: 1, fail_timeout: 10 }] }]);
  });

  it('replaces a value of the wrong shape instead of throwing', () => {
    // A config that is not an object shows as empty, so its lists show their defaults.
    expect(setAt(nginx, 'garbage', ['upstreams', 0, 'name'], 'api')).toEqual({ upstreams: [{ name: 'api', method: 'round_robin', servers: [{ server: 'app1:8000', weight: 1, down: false, backup: false, max_fails: 1, fail_timeout: 10 }] }] });
    expect(setAt(nginx, { servers: [{ locations: 'x' }] }, ['servers', 0, 'locations', 0, 'path'], '/')).toEqual({ servers: [{ locations: [{ path: '/' }] }] });
  });

  it('never writes to a prototype', () => {
    const next = setAt(undefined, {}, ['__proto__'], { polluted: true }) as Record<string, unknown>;
    expect(Object.hasOwn(next, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(next)).toBe(Object.prototype);
  });
});

describe('rows', () => {
  it('adds a row with the required fields to fill in and the defaulted ones left out', () => {
    // proxy_pass is optional (a location may return instead), so only the path is to fill in.
    expect(insertRow(nginx, { servers: [{ locations: [] }] }, ['servers', 0, 'locations'])).toEqual({ servers: [{ locations: [{ path: '' }] }] });
    expect(insertRow(nginx, { upstreams: [] }, ['upstreams'])).toEqual({ upstreams: [{ name: '', servers: [{ server: '' }] }] });
    expect(insertRow(flask, { routes: [] }, ['routes'])).toEqual({ routes: [{ rule: '', endpoint: '' }] });
    const dns = describeSchema(configSchemaOf('dns-resolver'));
    expect(insertRow(dns, {}, ['records'])).toEqual({ records: [{ name: '', address: '' }] });
    const postgres = describeSchema(configSchemaOf('postgres'));
    expect(insertRow(postgres, {}, ['tables'])).toEqual({ tables: [{ name: '', columns: [''] }] });
  });

  it('adds to the default rows when the list is absent', () => {
    expect(insertRow(nginx, { servers: [{}] }, ['servers', 0, 'locations'])).toEqual({
      servers: [{ locations: [{ modifier: 'none', path: '/', proxy_pass: 'http://app', proxy_http_version: '1.0', proxy_set_header: [], proxy_connect_timeout: 60, proxy_read_timeout: 60, proxy_next_upstream: ['error', 'timeout'], index: ['index.html'] }, { path: '' }] }],
    });
  });

  it('removes and moves rows', () => {
    const config = { upstreams: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] };
    expect(removeRow(nginx, config, ['upstreams'], 1)).toEqual({ upstreams: [{ name: 'a' }, { name: 'c' }] });
    expect(moveRow(nginx, config, ['upstreams'], 2, 0)).toEqual({ upstreams: [{ name: 'c' }, { name: 'a' }, { name: 'b' }] });
    expect(moveRow(nginx, config, ['upstreams'], 0, 1)).toEqual({ upstreams: [{ name: 'b' }, { name: 'a' }, { name: 'c' }] });
    expect(config.upstreams.map((upstream) => upstream.name)).toEqual(['a', 'b', 'c']);
    const nested = { servers: [{ locations: [{ path: '/a' }, { path: '/b' }] }] };
    expect(moveRow(nginx, nested, ['servers', 0, 'locations'], 1, 0)).toEqual({ servers: [{ locations: [{ path: '/b' }, { path: '/a' }] }] });
  });

  it('changes nothing for a move out of range', () => {
    const config = { upstreams: [{ name: 'a' }] };
    expect(moveRow(nginx, config, ['upstreams'], 0, -1)).toBe(config);
    expect(moveRow(nginx, config, ['upstreams'], 0, 1)).toBe(config);
  });

  it('makes new rows that only fail where a person must type something', () => {
    const next = insertRow(nginx, { servers: [{ locations: [] }] }, ['servers', 0, 'locations']);
    expect(Object.keys(validateConfig(configSchemaOf('nginx'), next)).sort()).toEqual(['servers[0].locations[0].path']);
  });
});

describe('records', () => {
  const spec = describeSchema(z.object({ headers: z.record(z.string(), z.string()) }));

  it('renames a key where it stands', () => {
    expect(Object.keys((renameKey(spec, { headers: { a: '1', b: '2', c: '3' } }, ['headers'], 'b', 'x') as { headers: Record<string, string> }).headers)).toEqual(['a', 'x', 'c']);
  });

  it('changes nothing when the new key is taken', () => {
    const config = { headers: { a: '1', b: '2' } };
    expect(renameKey(spec, config, ['headers'], 'a', 'b')).toBe(config);
  });

  it('finds a free key', () => {
    expect(freeKey([])).toBe('key');
    expect(freeKey(['key', 'key2'])).toBe('key3');
    expect(freeKey(['cpu'], ['cpu', 'memory'])).toBe('memory');
    expect(freeKey(['cpu', 'memory'], ['cpu', 'memory'])).toBeUndefined();
  });
});

describe('initialValue', () => {
  it('starts numbers at their minimum and enums at their first choice', () => {
    const spec = describeSchema(z.object({ n: z.number().int().min(3), e: z.enum(['x', 'y']), p: z.number().positive(), b: z.boolean() }));
    expect(initialValue(spec)).toEqual({ n: 3, e: 'x', p: 0.5, b: false });
  });
});

describe('parseNumberText', () => {
  const required = { required: true, nullable: false };
  const optional = { required: false, nullable: false };

  it('reads numbers as JSON writes them, with typing leftovers tolerated', () => {
    expect(parseNumberText('4', required)).toEqual({ ok: true, value: 4 });
    expect(parseNumberText(' -2.5e3 ', required)).toEqual({ ok: true, value: -2500 });
    expect(parseNumberText('1.', required)).toEqual({ ok: true, value: 1 });
    expect(parseNumberText('.5', required)).toEqual({ ok: true, value: 0.5 });
  });

  it("rejects what is not a number with the catalogue's sentence", () => {
    for (const text of ['1e', 'abc', '1,5', 'Infinity', '0x10', '-', '1e999']) expect(parseNumberText(text, required)).toEqual({ ok: false, message: 'must be a number' });
  });

  it('reads empty text as "not set", as null, or as missing', () => {
    expect(parseNumberText('', optional)).toEqual({ ok: true, value: UNSET });
    expect(parseNumberText('  ', { required: true, nullable: true })).toEqual({ ok: true, value: null });
    expect(parseNumberText('', required)).toEqual({ ok: false, message: 'is required but missing' });
  });
});

describe('text of values', () => {
  it('writes any value as text without throwing', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect([undefined, null, 'a', 2, true, [1], { a: 1 }].map(valueText)).toEqual(['', '', 'a', '2', 'true', '[1]', '{"a":1}']);
    expect(() => valueText(cyclic)).not.toThrow();
    expect(() => jsonText(cyclic)).not.toThrow();
    expect(valueText(10n)).toBe('10');
  });

  it('reads JSON text', () => {
    expect(parseJsonText('{"a":1}', { required: true, nullable: false })).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonText('{"a":', { required: true, nullable: false })).toEqual({ ok: false, message: 'is not valid JSON' });
    expect(parseJsonText('', { required: false, nullable: false })).toEqual({ ok: true, value: UNSET });
  });

  it('reads values at a path, undefined when a step is missing', () => {
    expect(valueAt({ a: [{ b: 1 }] }, ['a', 0, 'b'])).toBe(1);
    expect(valueAt({ a: 'x' }, ['a', 0, 'b'])).toBeUndefined();
    expect(valueAt({}, ['toString'])).toBeUndefined();
  });
});
