/**
 * nginx and names it finds through DNS: at startup it asks the resolver for each upstream name
 * the canvas does not know, and a name with several A records becomes one peer per address,
 * in the answer's order (ngx_parse_url keeps getaddrinfo's order), each with the entry's
 * weight. Round-robin then takes the instances in turn, and $upstream_addr names each.
 */
import { describe, expect, it } from 'vitest';
import { browserPage, createPlayback, diagnose, nodeStatus, runToEnd, simulate, traceEventToJson, type TraceEvent } from '../../index.ts';
import type { DnsLayer } from '../../model/message.ts';
import { example, exampleJson, mustImport, withConfig, type RawDocument } from '../../test-support/documents.node.ts';
import { readReference } from '../../test-support/reference.node.ts';
import { buildPeers } from './upstream-peers.ts';
import { World } from '../../engine/world.ts';
import { nginxConfigSchema } from './config.ts';

const NAME = 'nginx-dns-round-robin';

function run(document: ReturnType<typeof example>): TraceEvent[] {
  const events: TraceEvent[] = [];
  simulate(document, { onEvent: (event) => events.push(event) });
  return events;
}

const nginxNotes = (events: TraceEvent[]) => events.filter((e) => e.type === 'state' && e.from === 'nginx').map((e) => e.summary);
const upstreamsServed = (events: TraceEvent[]) => nginxNotes(events).filter((text) => text.startsWith('access.log')).map((text) => text.replace(/^.*upstream=/, ''));

/** The addresses of the first DNS answer nginx received. */
function firstAnswerToNginx(events: TraceEvent[]): string[] {
  const answer = events.find((e) => e.type === 'deliver' && e.to === 'nginx' && e.protocol === 'dns')!;
  return (answer.message!.layers.at(-1) as DnsLayer).answers.map((record) => record.data);
}

/** The example with the nginx node's config changed. */
function withNginx(config: Record<string, unknown>, base: RawDocument = exampleJson(NAME)): RawDocument {
  const nginx = base.nodes.find((node) => node['id'] === 'nginx')!;
  return withConfig(base, 'nginx', { ...(nginx['config'] as Record<string, unknown>), ...config });
}

describe('nginx-dns-round-robin', () => {
  const events = run(example(NAME));

  it('asks the resolver for application at startup, before any request', () => {
    const first = events.find((e) => e.type === 'send' && e.from === 'nginx')!;
    expect(first).toMatchObject({ t: 0, protocol: 'dns', to: 'dns' });
    expect(first.summary).toMatch(/A application$/);
  });

  it('gets the three A records in dnsmasq’s recorded first order, and makes one peer of each', () => {
    const reference = readReference('dns-round-robin.json') as { servers: { dnsmasq: { orders: string[][] } } };
    expect(firstAnswerToNginx(events)).toEqual(reference.servers.dnsmasq.orders[0]);
    expect(nginxNotes(events)).toContain('nginx resolved application at startup: 172.18.0.3, 172.18.0.2, 172.18.0.4 (3 peers)');
    const status = nodeStatus(runToEnd(createPlayback(example(NAME))), 'nginx')!;
    expect(status.details).toContainEqual({ label: 'Peers of app', value: '172.18.0.3:80, 172.18.0.2:80, 172.18.0.4:80' });
  });

  it('takes the replicas in turn, in the answer’s order, and the access log names each one', () => {
    const order = firstAnswerToNginx(events).map((address) => `${address}:80`);
    const served = upstreamsServed(events);
    expect(served).toHaveLength(7);
    served.forEach((addr, index) => expect(addr).toBe(order[index % 3]));
  });

  it('asks only once: later requests need no lookup', () => {
    expect(events.filter((e) => e.type === 'send' && e.from === 'nginx' && e.protocol === 'dns')).toHaveLength(1);
  });

  it('the page comes from a replica, and the plan has no problems', () => {
    expect(browserPage(runToEnd(createPlayback(example(NAME))), 'browser')).toMatchObject({ kind: 'loaded', status: 200 });
    expect(diagnose(example(NAME))).toEqual([]);
  });

  it('gives the same trace for the same seed', () => {
    expect(run(example(NAME)).map(traceEventToJson)).toEqual(events.map(traceEventToJson));
  });
});

describe('names nginx resolves through DNS', () => {
  it('proxy_pass http://application:80 without an upstream block round-robins across the addresses too', () => {
    const servers = [{ listen: 80, server_name: 'example.com', locations: [{ path: '/', proxy_pass: 'http://application:80' }] }];
    const events = run(mustImport(withNginx({ servers, upstreams: [] })));
    const order = firstAnswerToNginx(events).map((address) => `${address}:80`);
    expect(upstreamsServed(events).slice(0, 4)).toEqual([order[0], order[1], order[2], order[0]]);
  });

  it('least_conn and ip_hash choose among the peers DNS gave: sequential requests rotate, one client sticks to one replica', () => {
    const withMethod = (method: string) => run(mustImport(withNginx({ upstreams: [{ name: 'app', method, servers: [{ server: 'application:80' }] }] })));
    const leastConn = withMethod('least_conn');
    const order = firstAnswerToNginx(leastConn).map((address) => `${address}:80`);
    expect(upstreamsServed(leastConn).slice(0, 3)).toEqual(order);
    expect(new Set(upstreamsServed(withMethod('ip_hash'))).size).toBe(1);
  });

  it('holds a request that arrives while the lookup is out, and sends it on when the answer comes', () => {
    const document = exampleJson(NAME);
    const slow = { ...document, links: document.links.map((link) => (link['id'] === 'nginx-dns' ? { ...link, latencyMs: 40 } : link)) };
    const events = run(mustImport(slow));
    const resolvedAt = events.find((e) => e.type === 'state' && e.summary.startsWith('nginx resolved'))!.t;
    const firstRequestAt = events.find((e) => e.type === 'deliver' && e.to === 'nginx' && e.protocol === 'http')!.t;
    const firstUpstreamAt = events.find((e) => e.type === 'send' && e.from === 'nginx' && /^app\d$/.test(e.to ?? ''))!.t;
    expect(firstRequestAt).toBeLessThan(resolvedAt);
    expect(firstUpstreamAt).toBe(resolvedAt);
    expect(browserPage(runToEnd(createPlayback(mustImport(slow))), 'browser')).toMatchObject({ kind: 'loaded', status: 200 });
  });

  it('a name with no record stops nginx, as its [emerg] does, and the browser is refused', () => {
    const upstreams = [{ name: 'app', servers: [{ server: 'applicaton:80' }] }];
    const document = mustImport(withNginx({ upstreams }));
    const events = run(document);
    expect(nginxNotes(events)).toContain('error.log: [emerg] host not found in upstream "applicaton:80" in /etc/nginx/nginx.conf:4');
    const playback = runToEnd(createPlayback(document));
    expect(browserPage(playback, 'browser')).toMatchObject({ kind: 'error', code: 'ERR_CONNECTION_REFUSED' });
    expect(nodeStatus(playback, 'nginx')!.headline).toBe('Not running: an upstream name did not resolve');
    expect(diagnose(document)).toContainEqual(
      expect.objectContaining({ severity: 'warning', nodeId: 'nginx', path: 'upstreams[0].servers[0].server', message: expect.stringContaining('has no A record for it') }),
    );
  });

  it('with no resolver to ask, the name does not resolve either', () => {
    const document = exampleJson(NAME);
    const unlinked = mustImport({ ...document, links: document.links.filter((link) => link['id'] !== 'nginx-dns') });
    expect(nginxNotes(run(unlinked))).toContain('error.log: [emerg] host not found in upstream "application:80" in /etc/nginx/nginx.conf:4');
    expect(diagnose(unlinked)).toContainEqual(expect.objectContaining({ severity: 'error', path: 'upstreams[0].servers[0].server', message: expect.stringContaining('no DNS resolver to ask') }));
  });

  it('a record that leads to no node is an error in the plan', () => {
    const document = exampleJson(NAME);
    const withoutReplica3 = mustImport({ ...document, nodes: document.nodes.filter((node) => !['app3', 'flask3'].includes(node['id'] as string)), links: document.links.filter((link) => !/3$/.test(link['id'] as string)) });
    expect(diagnose(withoutReplica3)).toContainEqual(expect.objectContaining({ severity: 'error', message: expect.stringContaining('answers application with 172.18.0.4, and no node on the canvas has that address') }));
  });

  it('each address becomes a peer with its entry’s weight and flags, beside entries the canvas names', () => {
    const config = nginxConfigSchema.parse({ upstreams: [{ name: 'app', servers: [{ server: 'application:8000', weight: 3, max_fails: 2 }, { server: 'app1:8000' }] }] });
    const world = new World(example('nginx-weighted-upstream'));
    const peers = buildPeers(config, world, { application: ['172.18.0.2', '172.18.0.3'] })['app']!;
    expect(peers.map((peer) => [peer.addr, peer.weight, peer.max_fails])).toEqual([
      ['172.18.0.2:8000', 3, 2],
      ['172.18.0.3:8000', 3, 2],
      ['10.0.0.3:8000', 1, 1],
    ]);
  });
});
