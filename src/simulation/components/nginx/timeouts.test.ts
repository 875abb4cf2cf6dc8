/**
 * proxy_read_timeout and proxy_connect_timeout: nginx stops waiting, logs "upstream timed out
 * (110: Connection timed out)" and answers 504 Gateway Time-out, byte for byte as
 * nginx-responses.json records (its app sleeps 1500 ms behind proxy_read_timeout 1s).
 */
import { describe, expect, it } from 'vitest';
import { browserPage, createPlayback, runToEnd, simulate, type TraceEvent } from '../../index.ts';
import { example, exampleJson, mustImport, withConfig } from '../../test-support/documents.node.ts';
import { readReference } from '../../test-support/reference.node.ts';

interface RecordedCase {
  readonly status_line: string;
  readonly headers: [string, string][];
  readonly body_snippet: string;
  readonly elapsed_ms: number;
}

const recorded = readReference<{ cases: Record<string, RecordedCase> }>('nginx-responses.json').cases['504_upstream_slower_than_proxy_read_timeout_1s']!;

function run(name: string) {
  const events: TraceEvent[] = [];
  simulate(example(name), { onEvent: (event) => events.push(event) });
  return events;
}

describe('slow-upstream-504', () => {
  const events = run('slow-upstream-504');
  const toBrowser = events.filter((e) => e.type === 'send' && e.from === 'nginx' && e.to === 'browser' && e.protocol === 'http');
  const first = toBrowser[0]!;

  it('answers 504 Gateway Time-out with the recorded status line, headers and body', () => {
    const http = first.message!.layers.find((layer) => layer.layer === 'http') as unknown as { status: number; reason: string; headers: [string, string][]; body: string };
    expect(`HTTP/1.1 ${http.status} ${http.reason}`).toBe(recorded.status_line);
    // Date differs from the recording's moment; everything else is the same, in order.
    const withoutDate = (headers: [string, string][]) => headers.filter(([name]) => name !== 'Date');
    expect(withoutDate(http.headers)).toEqual(withoutDate(recorded.headers));
    expect(http.body).toBe(recorded.body_snippet);
  });

  it('gives up proxy_read_timeout (1 s) after sending the request, as the recording took about 1 s', () => {
    const sent = events.find((e) => e.type === 'send' && e.from === 'nginx' && e.to === 'app1' && e.protocol === 'http')!;
    const timedOut = events.find((e) => e.type === 'state' && e.from === 'nginx' && e.summary.startsWith('error.log'))!;
    expect(timedOut.t - sent.t).toBe(1000);
    expect(timedOut.summary).toBe(
      'error.log: [error] upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.10, server: example.com, request: "GET /slow?ms=1500 HTTP/1.1", upstream: "http://10.0.0.3:8000/slow?ms=1500", host: "example.com"',
    );
    expect(first.t).toBe(timedOut.t);
    expect(Math.abs(first.t - recorded.elapsed_ms)).toBeLessThan(100);
  });

  it('closes its upstream connection; the late answer is not passed on, and the next page loads', () => {
    expect(toBrowser).toHaveLength(3); // the 504, the favicon's answer, the second page
    const access = events.filter((e) => e.type === 'state' && e.from === 'nginx' && e.summary.startsWith('access.log')).map((e) => e.summary);
    expect(access[0]).toBe('access.log: "GET /slow?ms=1500 HTTP/1.1" 504 upstream=10.0.0.3:8000');
    expect(browserPage(runToEnd(createPlayback(example('slow-upstream-504'))), 'browser')).toMatchObject({ kind: 'loaded', status: 200 });
  });
});

describe('proxy_connect_timeout', () => {
  it('answers 504 when the upstream never accepts, after proxy_connect_timeout', () => {
    // 10.0.0.99 is nobody's address: the SYN goes unanswered.
    const doc = withConfig(exampleJson('default'), 'nginx', {
      servers: [{ listen: 80, server_name: 'example.com', locations: [{ path: '/', proxy_pass: 'http://app', proxy_connect_timeout: 0.5 }] }],
      upstreams: [{ name: 'app', servers: [{ server: '10.0.0.99:8000' }] }],
    });
    const events: TraceEvent[] = [];
    simulate(mustImport(doc), { onEvent: (event) => events.push(event) });
    const error = events.find((e) => e.type === 'state' && e.from === 'nginx' && e.summary.startsWith('error.log'));
    expect(error?.summary).toMatch(/^error\.log: \[error\] upstream timed out \(110: Connection timed out\) while connecting to upstream, /);
    const reply = events.find((e) => e.type === 'send' && e.from === 'nginx' && e.to === 'browser' && e.protocol === 'http');
    expect(reply?.summary).toBe('HTTP/1.1 504 Gateway Time-out');
  });
});

describe('after nginx gives up', () => {
  const withAccessLog = (config: Record<string, unknown> = {}) => {
    const raw = withConfig(exampleJson('slow-upstream-504'), 'app1', { accesslog: '-' });
    return Object.keys(config).length === 0 ? raw : withConfig(raw, 'nginx', config);
  };
  const gunicornLog = (events: TraceEvent[]) => events.filter((e) => e.type === 'state' && e.from === 'app1' && e.summary.startsWith('access log')).map((e) => e.summary);

  it('Gunicorn writes no access-log line for the answer nobody reads, as recorded (gunicorn_log_after is empty)', () => {
    const recordedAfter = readReference<{ cases: Record<string, { gunicorn_log_after: string[] }> }>('nginx-responses.json').cases['504_upstream_slower_than_proxy_read_timeout_1s']!.gunicorn_log_after;
    const events: TraceEvent[] = [];
    simulate(mustImport(withAccessLog()), { onEvent: (event) => events.push(event) });
    const slowLines = gunicornLog(events).filter((line) => line.includes('"GET /slow'));
    expect(slowLines).toEqual(recordedAfter);
    // The other requests are logged: the log is on.
    expect(gunicornLog(events).some((line) => line.includes('/favicon.ico'))).toBe(true);
    expect(events.some((e) => e.from === 'app1' && e.summary.startsWith('The client closed the connection while the application ran'))).toBe(true);
  });

  it('a timed-out try goes on to the next server (proxy_next_upstream timeout), and $upstream_addr lists both', () => {
    const nginx = exampleJson('slow-upstream-504').nodes.find((node) => node['id'] === 'nginx')!['config'] as { upstreams: { name: string; servers: { server: string }[] }[] };
    const upstreams = nginx.upstreams.map((upstream) => ({ ...upstream, servers: [upstream.servers[0]!, upstream.servers[0]!] }));
    const events: TraceEvent[] = [];
    simulate(mustImport(withAccessLog({ upstreams })), { onEvent: (event) => events.push(event) });
    const timeouts = events.filter((e) => e.type === 'state' && e.from === 'nginx' && e.summary.startsWith('error.log: [error] upstream timed out'));
    const tries = events.filter((e) => e.type === 'send' && e.from === 'nginx' && e.to === 'app1' && e.protocol === 'http' && e.summary.startsWith('GET /slow'));
    expect(timeouts.map((e, index) => e.t - tries[index]!.t)).toEqual([1000, 1000]);
    const access = events.find((e) => e.type === 'state' && e.from === 'nginx' && e.summary.startsWith('access.log'))!;
    expect(access.summary).toBe('access.log: "GET /slow?ms=1500 HTTP/1.1" 504 upstream=10.0.0.3:8000, 10.0.0.3:8000');
  });
});
