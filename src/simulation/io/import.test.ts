import { describe, expect, it } from 'vitest';
import { importDocument } from '../index.ts';
import { exampleJson, withConfig } from '../test-support/documents.node.ts';
import { migrate } from './migrate.ts';

function errorsOf(input: unknown) {
  const result = importDocument(input);
  if (result.ok) throw new Error('expected the document to be refused');
  return result.errors;
}

describe('importDocument', () => {
  it('accepts the default topology and fills in defaults', () => {
    const raw = exampleJson('default');
    delete (raw.nodes[3]!['config'] as Record<string, unknown>)['workers'];
    const result = importDocument(JSON.stringify(raw));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.document.nodes[3]!.config['workers']).toBe(2);
  });

  it('reports a misspelt field instead of quietly using the default', () => {
    expect(errorsOf(withConfig(exampleJson('default'), 'app1', { workerz: 4 }))).toEqual([{ path: 'nodes[3].config', message: 'has unknown field "workerz": check the spelling' }]);
    const raw = exampleJson('default');
    raw['seeed'] = 3;
    expect(errorsOf(raw)).toEqual([{ path: '', message: 'has unknown field "seeed": check the spelling' }]);
  });

  it('checks link conditions: bandwidth above zero, loss a percentage', () => {
    const raw = exampleJson('default');
    raw.links[0]!['bandwidthMbps'] = 0;
    raw.links[1]!['lossPercent'] = 150;
    expect(errorsOf(raw)).toEqual([
      { path: 'links[0].bandwidthMbps', message: 'must be more than 0' },
      { path: 'links[1].lossPercent', message: 'must be at most 100' },
    ]);
  });

  it('asks for the link kind the kinds’ declarations need: in-process for WSGI, network for the rest', () => {
    const raw = exampleJson('default');
    const wsgi = raw.links.findIndex((link) => link['kind'] === 'in-process');
    raw.links[wsgi]!['kind'] = 'network';
    raw.links[0]!['kind'] = 'in-process';
    const [from, to] = [raw.links[0]!['from'], raw.links[0]!['to']].map((id) => raw.nodes.find((node) => node['id'] === id)!['kind']);
    expect(errorsOf(raw)).toEqual([
      { path: 'links[0].kind', message: `an in-process link joins a server to the code it runs inside it (Gunicorn–Flask); between ${from} and ${to} it must be "network".` },
      { path: `links[${wsgi}].kind`, message: 'gunicorn and flask speak WSGI, which runs inside one process: this link must be "in-process", not "network".' },
    ]);
  });

  it('names the path of every bad field, with a sentence', () => {
    const raw = withConfig(exampleJson('default'), 'app1', { workers: 0, port: 'eighty' });
    withConfig(raw, 'dns', { records: [{ name: 'example.com', address: '10.0.0.999' }] });
    const errors = errorsOf(raw);
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'nodes[1].config.records[0].address', message: 'must be an IPv4 address such as 10.0.0.2' },
        { path: 'nodes[3].config.workers', message: 'must be at least 1' },
        { path: 'nodes[3].config.port', message: 'must be a number' },
      ]),
    );
    expect(errors).toHaveLength(3);
  });

  it('reports missing fields, unknown kinds and broken links', () => {
    const raw = exampleJson('default');
    raw.nodes[0]!['kind'] = 'mainframe';
    expect(errorsOf(raw)[0]!.path).toBe('nodes[0].kind');
    const linked = exampleJson('default');
    linked.links[0]!['to'] = 'nowhere';
    expect(errorsOf(linked)).toEqual([{ path: 'links[0].to', message: 'names "nowhere", but no node has that id.' }]);
    const unnamed = exampleJson('default');
    delete unnamed.nodes[1]!['id'];
    expect(errorsOf(unnamed)).toEqual([{ path: 'nodes[1].id', message: 'is required but missing' }]);
  });

  it('keeps every message on one line when it quotes text from the document (found by import.fuzz.test.ts)', () => {
    const raw = exampleJson('default');
    raw.links[0]!['to'] = 'dns\nnginx';
    raw.links[1]!['to'] = 'x'.repeat(100);
    expect(errorsOf(raw)).toEqual([
      { path: 'links[0].to', message: 'names "dns\\nnginx", but no node has that id.' },
      { path: 'links[1].to', message: `names "${'x'.repeat(59)}…", but no node has that id.` },
    ]);
  });

  it('refuses a network link between Gunicorn and Flask, and duplicate ids and addresses', () => {
    const raw = exampleJson('default');
    raw.links[3]!['kind'] = 'network';
    raw.nodes[1]!['id'] = 'browser';
    withConfig(raw, 'db', { address: '10.0.0.2' });
    const paths = errorsOf(raw).map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['links[3].kind', 'nodes[1].id', 'nodes[5].config.address']));
  });

  it('never throws on hostile input', () => {
    const inputs: unknown[] = ['', 'null', '[]', '{"format":"stackscope.topology"}', '{"format":"x","version":1}', 42, null, undefined, '{"__proto__":{"polluted":true},"format":"stackscope.topology","version":1,"nodes":[]}', '{'.repeat(10000)];
    for (const input of inputs) expect(() => importDocument(input)).not.toThrow();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(errorsOf('{ not json')[0]!.message).toMatch(/^The document is not valid JSON/);
    expect(errorsOf('{"format":"stackscope.topology","version":9,"nodes":[]}')).toEqual([
      { path: 'version', message: 'is 9, made by a newer Stackscope; this one reads versions up to 2.' },
    ]);
  });
});

describe('migrate', () => {
  it('steps one version at a time up to the target', () => {
    const steps = {
      0: (doc: Record<string, unknown>) => ({ ...doc, renamed: doc['old'] }),
      1: (doc: Record<string, unknown>) => ({ ...doc, added: true }),
    };
    const result = migrate({ version: 0, old: 'x' }, steps, 2);
    expect(result).toEqual({ ok: true, value: { version: 2, old: 'x', renamed: 'x', added: true } });
  });

  it('says so when no migration exists for a version', () => {
    const result = migrate({ version: 0 }, {}, 1);
    expect(result.ok).toBe(false);
  });
});

describe('a document that is not JSON', () => {
  it.each([
    ['{"a": 1,}', /^The document is not valid JSON: Expected double-quoted property name at line 1, column 9\.$/],
    ['{\n  "format": "stackscope.topology"\n  "version": 1\n}', /^The document is not valid JSON: Expected ',' or '}' after property value at line 3, column 3\.$/],
    ['<!doctype html>\n<title>x</title>', /^The document is not valid JSON: Unexpected token '<'\.$/],
    ['', /^The document is not valid JSON: Unexpected end of JSON input\.$/],
    ['\ud800\r  "format"', /^The document is not valid JSON: Unexpected token '\ud800'\.$/],
  ])('%j gets one line with the reason and, when known, the place', (text, sentence) => {
    const result = importDocument(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toMatch(sentence);
    expect(result.errors[0]!.message).not.toContain('\n');
  });
});
