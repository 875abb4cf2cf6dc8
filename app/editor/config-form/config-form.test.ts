import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NODE_KINDS, type NodeKind } from '../../../src/simulation/index.ts';
import { z } from '../../../src/simulation/io/zod.ts';
import { ConfigForm, SchemaForm } from './ConfigForm.tsx';

// No DOM in unit tests: the form is rendered to HTML and its wiring read from the markup.
function render(kind: NodeKind, value: unknown, readOnly = false): string {
  return renderToStaticMarkup(createElement(ConfigForm, { kind, value, onChange: () => {}, idPrefix: `cfg-${kind}`, readOnly }));
}

function attributes(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((match) => match[1]!);
}

/** Every label points at a control, every description at an element, and no id is used twice. */
function expectWired(html: string): void {
  const ids = attributes(html, 'id');
  expect(new Set(ids).size).toBe(ids.length);
  for (const target of attributes(html, 'for')) expect(ids).toContain(target);
  for (const list of attributes(html, 'aria-describedby')) for (const id of list.split(' ')) expect(ids).toContain(id);
  for (const list of attributes(html, 'aria-labelledby')) for (const id of list.split(' ')) expect(ids).toContain(id);
  // Text boxes and selects are named by a <label for>; checkboxes sit inside their <label>.
  const labelled = new Set(attributes(html, 'for'));
  for (const match of html.matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
    const tag = match[2]!;
    if (/type="checkbox"/.test(tag)) continue;
    const id = /\sid="([^"]*)"/.exec(tag)?.[1];
    expect(id && labelled.has(id), `control without a label: ${match[0]}`).toBe(true);
  }
}

const GARBAGE: unknown[] = [undefined, null, 7, 'text', [], { locations: 'x', upstreams: [null, { servers: 3 }], routes: [{ methods: 'GET' }, 5], tables: [{ rows: [[1, null], 'x'] }], visits: [{ url: 5 }], records: [{ ttl: 'soon' }], workers: {}, address: ['x'] }];

describe('ConfigForm', () => {
  it.each(NODE_KINDS)('%s: renders its defaults, and any value, with every control labelled', (kind) => {
    expectWired(render(kind, {}));
    for (const value of GARBAGE) expectWired(render(kind, value));
  });

  it('names the form after the kind and renders read-only as a disabled fieldset', () => {
    const html = render('gunicorn', {}, true);
    expect(html).toContain('aria-label="Gunicorn settings"');
    expect(html).toMatch(/<fieldset class="cf-all" role="none" disabled="">/);
  });

  it('marks an invalid number and links its sentence', () => {
    const html = render('gunicorn', { workers: 0 });
    const input = /<input[^>]*id="cfg-gunicorn-workers"[^>]*>/.exec(html)?.[0] ?? '';
    expect(input).toContain('aria-invalid="true"');
    expect(input).toContain('aria-describedby="cfg-gunicorn-workers--help cfg-gunicorn-workers--error"');
    expect(input.toLowerCase()).toContain('inputmode="numeric"');
    expect(html).toContain('<p class="cf-error" id="cfg-gunicorn-workers--error">must be at least 1</p>');
    expect(html).toContain('--workers: sync worker processes');
  });

  it('shows defaults as placeholders and keeps the key as the label', () => {
    const html = render('nginx', { servers: [{}] });
    expect(html).toMatch(/<label class="cf-label" for="cfg-nginx-servers-0-server_name">server_name<span class="cf-visually-hidden"> in server 1<\/span><\/label>/);
    expect(html).toMatch(/id="cfg-nginx-servers-0-server_name"[^>]*placeholder="example.com"/);
  });

  it('gives row buttons names that say which row, and in which row', () => {
    const html = render('nginx', {
      servers: [
        {
          locations: [
            { path: '/', proxy_pass: 'http://app' },
            { path: '/api', proxy_pass: 'http://api' },
          ],
        },
      ],
      upstreams: [{ name: 'app', servers: [{ server: 'app1:8000' }, { server: 'app2:8000' }] }],
    });
    for (const name of ['Add location to server 1', 'Remove location 2 from server 1', 'Move location 2 up in server 1', 'Move location 1 down in server 1', 'Add upstream', 'Add server to upstream 1', 'Remove server 2 from upstream 1', 'Move server 1 down in upstream 1']) {
      expect(html).toContain(`aria-label="${name}"`);
    }
    expect(html).toContain('proxy_pass<span class="cf-visually-hidden"> in location 2 of server 1</span>');
  });

  it('shows a list of choices as checkboxes, and enums as selects', () => {
    const html = render('flask', { routes: [{ rule: '/', endpoint: 'index', methods: ['GET', 'POST'] }] });
    expect(html.match(/type="checkbox"/g)).toHaveLength(5);
    expect(html).toMatch(/<input type="checkbox"[^>]*checked=""[^>]*\/><span>GET/);
    expect(html).toContain('+ Add route');
  });

  it('lists problems no field can show above the fields', () => {
    expect(render('postgres', 'nope')).toContain('<li>The settings must be an object ({ ... })</li>');
    const visits = Array.from({ length: 101 }, (_, index) => ({ url: index === 100 ? 'ftp://x' : 'http://example.com/' }));
    const html = render('browser', { visits });
    expect(html).toContain('<li><code>visits[100].url</code> must be an http:// or https:// URL such as https://example.com/, or a ws:// URL such as ws://example.com/chat</li>');
    expect(html).toContain('Showing the first 100 of 101');
  });

  it('renders shapes no kind uses yet: records, nullable values, enums, booleans, JSON', () => {
    const schema = z.object({
      headers: z.record(z.string(), z.string()),
      ratio: z.number().nullable(),
      mode: z.enum(['fast', 'safe']).default('safe'),
      strict: z.boolean().default(true),
      either: z.union([z.string(), z.number()]),
      kind: z.literal('A'),
    });
    const value = { headers: { Host: 'a', Accept: 1 }, ratio: null, mode: 'wild', either: { bad: true } };
    const html = renderToStaticMarkup(createElement(SchemaForm, { schema, label: 'Test settings', value, onChange: () => {}, idPrefix: 't' }));
    expectWired(html);
    expect(html).toContain('aria-label="Add headers entry"');
    expect(html).toContain('aria-label="Remove Accept"');
    expect(html).toContain('aria-label="ratio is null"');
    expect(html).toContain('wild (not allowed)');
    expect(html).toContain('{\n  &quot;bad&quot;: true\n}');
    expect(html).toMatch(/id="t-strict"[^>]*checked=""/);
  });
});
