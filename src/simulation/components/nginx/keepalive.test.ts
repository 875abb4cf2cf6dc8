/**
 * nginx's keepalive_timeout and keepalive_requests (ngx_http_core_module): the response that
 * reaches keepalive_requests says Connection: close and nginx closes; a client FIN makes nginx
 * close its side at once.
 */
import { describe, expect, it } from 'vitest';
import { simulate, type TraceEvent } from '../../index.ts';
import { exampleJson, mustImport, withConfig } from '../../test-support/documents.node.ts';

function run(config: Record<string, unknown>): TraceEvent[] {
  const events: TraceEvent[] = [];
  simulate(mustImport(withConfig(exampleJson('keep-alive'), 'nginx-keep', config)), { onEvent: (event) => events.push(event) });
  return events;
}

const connectionHeader = (event: TraceEvent): string | undefined => {
  const http = event.message!.layers.find((layer) => layer.layer === 'http');
  return http?.layer === 'http' ? http.headers.find(([name]) => name === 'Connection')?.[1] : undefined;
};

describe('nginx keep-alive', () => {
  it('keepalive_requests 2: the second response on a connection says Connection: close, nginx sends FIN, and the next visit opens a new connection', () => {
    const events = run({ keepalive_requests: 2 });
    const responses = events.filter((event) => event.type === 'send' && event.from === 'nginx-keep' && event.protocol === 'http' && event.to === 'browser');
    expect(responses.map(connectionHeader).slice(0, 2)).toEqual(['keep-alive', 'close']);
    const second = responses[1]!;
    const fin = events.find((event) => event.seq > second.seq && event.type === 'send' && event.from === 'nginx-keep' && event.to === 'browser')!;
    expect(fin.summary).toMatch(/\[FIN, ACK\]/);
    const syns = events.filter((event) => event.type === 'send' && event.from === 'browser' && event.to === 'nginx-keep' && /\[SYN\]/.test(event.summary));
    expect(syns.length).toBeGreaterThan(1);
  });

  it('keepalive_timeout 5: the idle connection is closed 5 s after the last response', () => {
    const events = run({ keepalive_timeout: 5 });
    const last = events.filter((event) => event.type === 'send' && event.from === 'nginx-keep' && event.protocol === 'http').at(-1)!;
    const timer = events.find((event) => event.type === 'timer' && event.from === 'nginx-keep' && event.summary.startsWith('keepalive_timeout 5s'))!;
    expect(timer.t - last.t).toBe(5000);
    expect(events[timer.seq + 1]!.summary).toMatch(/^80 → \d+ \[FIN, ACK\]/);
  });

  it('a new request stops the idle timer: three visits 0.5 s apart on one connection give one keepalive_timeout event', () => {
    const events = run({ keepalive_timeout: 1 });
    expect(events.filter((event) => event.type === 'timer' && event.from === 'nginx-keep' && event.summary.startsWith('keepalive_timeout')).length).toBe(1);
    expect(events.filter((event) => event.type === 'send' && event.from === 'browser' && event.to === 'nginx-keep' && /\[SYN\]/.test(event.summary))).toHaveLength(1);
  });
});
