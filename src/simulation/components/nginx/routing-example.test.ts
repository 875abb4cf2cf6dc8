/** url-routing-subsystems: nginx's location prefixes split one site into two services, each with its own database. */
import { describe, expect, it } from 'vitest';
import { simulate, type TraceEvent } from '../../index.ts';
import { example } from '../../test-support/documents.node.ts';

describe('url-routing-subsystems', () => {
  const events: TraceEvent[] = [];
  simulate(example('url-routing-subsystems'), { onEvent: (event) => events.push(event) });
  const sent = (from: string, to: string) => events.filter((e) => e.type === 'send' && e.from === from && e.to === to && e.protocol !== 'tcp').map((e) => e.summary);

  it('sends /api/ to the API service and everything else to the site', () => {
    expect(sent('nginx', 'api1')).toEqual(['GET /api/posts HTTP/1.0']);
    expect(sent('nginx', 'app1')).toEqual(['GET / HTTP/1.0', 'GET /favicon.ico HTTP/1.0']);
  });

  it('each service queries its own database', () => {
    expect(sent('flask-api', 'db-api').join(' ')).toContain('SELECT item FROM orders');
    expect(sent('flask', 'db').join(' ')).toContain('SELECT title FROM posts');
    expect(sent('flask-api', 'db')).toEqual([]);
  });

  it('the access log names the upstream that took each request', () => {
    const access = events.filter((e) => e.type === 'state' && e.from === 'nginx' && e.summary.startsWith('access.log')).map((e) => e.summary);
    expect(access).toContain('access.log: "GET /api/posts HTTP/1.1" 200 upstream=10.0.0.6:8000');
    expect(access).toContain('access.log: "GET / HTTP/1.1" 200 upstream=10.0.0.3:8000');
  });
});
