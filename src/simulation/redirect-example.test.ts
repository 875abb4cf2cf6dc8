/**
 * redirect-http-to-https: nginx's port 80 answers `return 301 https://$host$request_uri;`
 * byte for byte as ../shared/reference/nginx-responses.json records it, and the browser
 * follows the Location into a TLS handshake on port 443.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate, traceEventToJson, type TraceEvent } from './index.ts';
import type { HttpResponseLayer } from './model/message.ts';
import { example } from './test-support/documents.node.ts';
import { readReference } from './test-support/reference.node.ts';

function run(name: string): TraceEvent[] {
  const events: TraceEvent[] = [];
  simulate(example(name), { onEvent: (event) => events.push(event) });
  return events;
}

interface Recorded {
  cases: Record<string, { raw_head: string; body_snippet: string; body_length: number }>;
}
const recorded = readReference<Recorded>('nginx-responses.json').cases['301_https_redirect_host_header_example']!;

/** The recording writes CR LF as the four characters \r\n. */
const crlf = (text: string) => text.replaceAll('\\r\\n', '\r\n');
const withoutDate = (text: string) => text.replace(/^Date: .*\r\n/m, 'Date: *\r\n');

describe('redirect-http-to-https', () => {
  const events = run('redirect-http-to-https');

  it('is produced line for line, and again for the same seed', () => {
    const golden = readFileSync(join(process.cwd(), 'src/simulation/__golden__/redirect-http-to-https.trace.jsonl'), 'utf8').trimEnd().split('\n');
    expect(events.map(traceEventToJson)).toEqual(golden);
    expect(run('redirect-http-to-https').map(traceEventToJson)).toEqual(golden);
  });

  it('answers port 80 with the recorded 301: status line, header order, Location after Connection, and the page', () => {
    const send = events.find((event) => event.type === 'send' && event.from === 'nginx' && event.summary.startsWith('HTTP/1.1 301'))!;
    const http = send.message!.layers.at(-1) as HttpResponseLayer;
    const [head, body] = http.raw.split(/(?<=\r\n\r\n)/);
    // The recording asked for http://example.test/some/path?q=1; the example visits http://example.com/?q=1.
    const expected = crlf(recorded.raw_head).replace('https://example.test/some/path?q=1', 'https://example.com/?q=1');
    expect(withoutDate(head!)).toBe(withoutDate(expected));
    expect(body).toBe(recorded.body_snippet);
    expect(body!.length).toBe(recorded.body_length);
  });

  it('follows the Location to port 443, where the TLS handshake begins, and loads the page there', () => {
    const browserSends = events.filter((event) => event.type === 'send' && event.from === 'browser' && event.to === 'nginx').map((event) => event.summary);
    const redirect = browserSends.indexOf('GET /?q=1 HTTP/1.1');
    const hello = browserSends.indexOf('Client Hello');
    expect(redirect).toBeGreaterThanOrEqual(0);
    expect(hello).toBeGreaterThan(redirect);
    expect(browserSends.slice(redirect + 1, hello).some((summary) => /→ 443 \[SYN\]/.test(summary))).toBe(true);
    expect(browserSends).toContain('Application Data: GET /?q=1 HTTP/1.1');
    expect(events.some((event) => event.summary === 'Page loaded: 200 OK, 59 bytes from https://example.com/?q=1')).toBe(true);
  });
});
