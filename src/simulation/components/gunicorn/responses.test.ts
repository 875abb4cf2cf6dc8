import { describe, expect, it } from 'vitest';
import type { HttpLayer, TraceEvent } from '../../index.ts';
import { exampleJson, withConfig, type RawDocument } from '../../test-support/documents.node.ts';
import { readReference } from '../../test-support/reference.node.ts';
import { gunicornExample, run } from './gunicorn-harness.node.ts';

/** The recordings write CR LF as the four characters \r\n. */
const crlf = (text: string) => text.replaceAll('\\r\\n', '\r\n');

const HELLO = [{ rule: '/index', endpoint: 'index', methods: ['GET'], body: 'Hello, world!', contentType: 'text/html; charset=utf-8', processingMs: 1 }];

function visit(raw: RawDocument, url: string): RawDocument {
  withConfig(raw, 'flask', { routes: HELLO });
  return withConfig(raw, 'browser', { visits: [{ url, atMs: 0 }] });
}

function responses(events: TraceEvent[], from: string, to: string): HttpLayer[] {
  return events
    .filter((event) => event.type === 'send' && event.from === from && event.to === to && event.protocol === 'http')
    .map((event) => event.message!.layers.find((layer): layer is HttpLayer => layer.layer === 'http')!)
    .filter((layer) => layer.kind === 'response');
}

describe('Gunicorn response bytes against the recordings', () => {
  it('straight to Gunicorn: the head is byte for byte nginx-responses.json 200_app_direct_gunicorn (Date aside)', () => {
    const recorded = readReference<{ cases: Record<string, { raw_head: string; body_snippet: string }> }>('nginx-responses.json').cases['200_app_direct_gunicorn']!;
    const response = responses(run(visit(gunicornExample('worker-timeout'), 'http://app.example.com:8000/index')), 'app1', 'browser')[0]!;
    const head = response.raw.slice(0, response.raw.indexOf('\r\n\r\n') + 4);
    // The recording was made 14 s before the moment the simulation's clock starts at.
    const date = /\r\nDate: ([^\r]+)\r\n/.exec(head)![1]!;
    expect(date).toBe('Mon, 23 Nov 2026 20:15:27 GMT');
    expect(head).toBe(crlf(recorded.raw_head).replace(/Date: [^\\\r]+/, `Date: ${date}`));
    expect(response.raw.slice(head.length)).toBe(recorded.body_snippet);
  });

  it('behind nginx: every byte of http-raw.json get_index hop 2, Date included', () => {
    const recorded = readReference<{ cases: Record<string, { hops: { hop: string; request_bytes: string; response_bytes: string }[] }> }>('http-raw.json').cases['get_index']!;
    const hop = recorded.hops.find((candidate) => candidate.hop.startsWith('hop2'))!;
    const response = responses(run(visit(exampleJson('default'), 'http://example.com/index')), 'app1', 'nginx')[0]!;
    expect(response.raw).toBe(crlf(hop.response_bytes));
  });
});

describe('gthread keep-alive', () => {
  it('keeps an HTTP/1.1 connection open (Connection: keep-alive) and closes it after --keep-alive idle seconds', () => {
    const events = run(visit(gunicornExample('worker-timeout', { threads: 2 }), 'http://app.example.com:8000/index'));
    const [page, favicon] = responses(events, 'app1', 'browser');
    expect(page!.raw).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: gunicorn\r\nDate: [^\r]+\r\nConnection: keep-alive\r\nContent-Type/);
    // Chromium's /favicon.ico goes over the same connection.
    expect(favicon!.raw).toMatch(/^HTTP\/1\.1 404 NOT FOUND\r\nServer: gunicorn\r\nDate: [^\r]+\r\nConnection: keep-alive\r\n/);
    const answered = events.filter((event) => event.type === 'send' && event.from === 'app1' && event.protocol === 'http').at(-1)!;
    const fin = events.find((event) => event.type === 'send' && event.from === 'app1' && /\[FIN, ACK\]/.test(event.summary))!;
    expect(fin.t - answered.t).toBe(2000);
    expect(events.filter((event) => event.type === 'send' && event.from === 'browser' && /\[SYN\]/.test(event.summary))).toHaveLength(1);
  });

  it('closes after each response with --keep-alive 0, and for the HTTP/1.0 requests nginx sends', () => {
    const direct = responses(run(visit(gunicornExample('worker-timeout', { threads: 2, keepalive: 0 }), 'http://app.example.com:8000/index')), 'app1', 'browser');
    expect(direct[0]!.headers).toContainEqual(['Connection', 'close']);
    const raw = visit(exampleJson('default'), 'http://example.com/index');
    const proxied = responses(run(withConfig(raw, 'app1', { threads: 4 })), 'app1', 'nginx');
    expect(proxied[0]!.raw.startsWith('HTTP/1.0 200 OK\r\nServer: gunicorn\r\nDate: Mon, 23 Nov 2026 20:15:27 GMT\r\nConnection: close\r\n')).toBe(true);
  });
});
