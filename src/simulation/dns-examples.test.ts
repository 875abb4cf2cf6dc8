/**
 * The DNS examples' golden traces, and the RFC 1034 flows they must show. Regenerate a golden
 * trace with
 *   npm run -s simulate -- public/topologies/<name>.json > src/simulation/__golden__/<name>.trace.jsonl
 * and read the diff.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserPage, createPlayback, runToEnd, simulate, traceEventToJson, type DnsLayer, type TopologyDocument, type TraceEvent } from './index.ts';
import { example } from './test-support/documents.node.ts';
import { readReference } from './test-support/reference.node.ts';

function run(document: TopologyDocument, seed?: number): TraceEvent[] {
  const events: TraceEvent[] = [];
  simulate(document, { onEvent: (event) => events.push(event), ...(seed === undefined ? {} : { seed }) });
  return events;
}

/** "type from>to summary" for the DNS messages sent and the nodes' notes, in order. */
function dnsStory(events: readonly TraceEvent[]): string[] {
  return events.filter((e) => (e.type === 'send' && e.protocol === 'dns') || (e.type === 'state' && /DNS|Cached|cache|reached|IPv6/.test(e.summary))).map((e) => `${e.type} ${e.from}>${e.to} ${e.summary.replace(/0x[0-9a-f]{4}/, 'ID')}`);
}

function withConfig(document: TopologyDocument, nodeId: string, config: Record<string, unknown>): TopologyDocument {
  return { ...document, nodes: document.nodes.map((node) => (node.id === nodeId ? { ...node, config: { ...node.config, ...config } } : node)) };
}

describe.each(['dns-full-resolution', 'nxdomain', 'dns-round-robin', 'dns-unreachable'])('golden trace of %s', (name) => {
  it('is produced line for line', () => {
    const golden = readFileSync(join(process.cwd(), `src/simulation/__golden__/${name}.trace.jsonl`), 'utf8').trimEnd().split('\n');
    expect(run(example(name)).map(traceEventToJson)).toEqual(golden);
  });

  it('is the same for the same seed, run twice', () => {
    expect(run(example(name), 5).map(traceEventToJson)).toEqual(run(example(name), 5).map(traceEventToJson));
  });
});

describe('dns-full-resolution: iterative resolution, then caches (RFC 1034 section 5.3.3)', () => {
  const story = dnsStory(run(example('dns-full-resolution')));

  it('goes browser → resolver → root → com → example.com and back, the answer carrying the CNAME chain', () => {
    expect(story.slice(0, 11)).toEqual([
      'send browser>resolver Standard query ID A www.example.com',
      'send resolver>root Standard query ID A www.example.com',
      'send root>resolver Standard query response ID A www.example.com NS a.gtld-servers.net A 192.5.6.30',
      'state resolver>resolver Cached from 198.41.0.4: com NS, a.gtld-servers.net A',
      'send resolver>com Standard query ID A www.example.com',
      'send com>resolver Standard query response ID A www.example.com NS ns1.example.com A 10.0.1.53',
      'state resolver>resolver Cached from 192.5.6.30: example.com NS, ns1.example.com A',
      'send resolver>example-ns Standard query ID A www.example.com',
      'send example-ns>resolver Standard query response ID A www.example.com CNAME example.com A 10.0.0.2',
      'state resolver>resolver Cached from 10.0.1.53: www.example.com CNAME, example.com A',
      'send resolver>browser Standard query response ID A www.example.com CNAME example.com A 10.0.0.2',
    ]);
  });

  it('sets the flags each hop sets: RD from the stub, no RD upstream, AA from the authority, RA from the resolver', () => {
    const sends = run(example('dns-full-resolution')).filter((e) => e.type === 'send' && e.protocol === 'dns');
    const flags = sends.slice(0, 8).map((e) => (e.message!.layers.at(-1) as DnsLayer).flags.join(' '));
    expect(flags).toEqual(['RD', '', 'QR', '', 'QR', '', 'QR AA', 'QR RD RA']);
  });

  it('answers the second visit from the browser’s cache and the laptop’s A query from the resolver’s, with no upstream query', () => {
    const rest = story.slice(11);
    expect(rest.filter((line) => line.startsWith('send resolver>root') || line.startsWith('send resolver>com'))).toEqual([]);
    expect(rest).toContain('state browser>browser DNS cache hit (browser): www.example.com is 10.0.0.2');
    const laptopA = rest.filter((line) => (line.includes('laptop') || line.includes('Answered from cache')) && !line.includes('AAAA') && !line.includes('IPv6'));
    expect(laptopA.slice(0, 4)).toEqual([
      'send laptop>resolver Standard query ID A www.example.com',
      'state resolver>resolver Answered from cache: A www.example.com',
      'send resolver>laptop Standard query response ID A www.example.com CNAME example.com A 10.0.0.2',
      'state laptop>laptop DNS cache: www.example.com is 10.0.0.2 for 296 s',
    ]);
  });

  it('asks AAAA beside A from the IPv6 laptop: the resolver follows its cached CNAME and asks only the example.com server (RFC 3596)', () => {
    const aaaa = story.slice(11).filter((line) => line.includes('AAAA') || line.includes('IPv6'));
    expect(aaaa).toEqual([
      'send laptop>resolver Standard query ID AAAA www.example.com',
      'send resolver>example-ns Standard query ID AAAA example.com',
      'send example-ns>resolver Standard query response ID AAAA example.com AAAA 2001:db8::2',
      'state resolver>resolver Cached from 10.0.1.53: example.com AAAA',
      'send resolver>laptop Standard query response ID AAAA www.example.com CNAME example.com AAAA 2001:db8::2',
      'state laptop>laptop www.example.com has IPv6 too (2001:db8::2): the simulated network carries IPv4, so the browser connects to 10.0.0.2',
    ]);
    const laptopSyn = run(example('dns-full-resolution')).find((e) => e.type === 'send' && e.from === 'laptop' && e.summary.includes('[SYN]'))!;
    expect(laptopSyn.message!.layers[0]).toMatchObject({ dst: '10.0.0.2' });
  });

  it('asks again after the TTL: only the expired records, from the cached example.com servers', () => {
    const base = example('dns-full-resolution');
    const late = withConfig(base, 'laptop', { visits: [{ url: 'http://www.example.com/', atMs: 301_000 }] });
    const after = dnsStory(run(late)).filter((line) => (line.includes('laptop') || line.startsWith('send resolver>')) && !line.includes('AAAA') && !line.includes('IPv6'));
    const from = after.lastIndexOf('send laptop>resolver Standard query ID A www.example.com');
    expect(after.slice(from, from + 4)).toEqual([
      'send laptop>resolver Standard query ID A www.example.com',
      'send resolver>example-ns Standard query ID A www.example.com',
      'send resolver>laptop Standard query response ID A www.example.com CNAME example.com A 10.0.0.2',
      'state laptop>laptop DNS cache: www.example.com is 10.0.0.2 for 300 s',
    ]);
  });

  it('shows the OS cache when Chromium’s host cache is off', () => {
    const doc = withConfig(example('dns-full-resolution'), 'browser', { hostCache: false });
    const lines = dnsStory(run(doc)).filter((line) => line.includes('browser>browser'));
    expect(lines[0]).toBe('state browser>browser DNS cache (OS): www.example.com is 10.0.0.2 for 300 s');
    expect(lines).toContain('state browser>browser DNS cache hit (OS): www.example.com is 10.0.0.2');
  });

  it('retries an unanswered upstream query on a lossy link, then answers SERVFAIL; the browser shows DNS_PROBE_FINISHED_NO_INTERNET', () => {
    const base = example('dns-full-resolution');
    const cut = { ...base, links: base.links.map((link) => (link.id === 'resolver-root' ? { ...link, lossPercent: 100 } : link)) };
    const lossy = withConfig(cut, 'laptop', { visits: [] });
    const events = run(lossy);
    const toRoot = events.filter((e) => e.type === 'send' && e.to === 'root');
    expect(toRoot.map((e) => e.t)).toEqual([5, 381, 1133, 2637]);
    expect(events.filter((e) => e.type === 'timer' && e.from === 'resolver').map((e) => e.summary.replace(/0x[0-9a-f]{4}/, 'ID'))).toEqual(
      [376, 752, 1504, 3008].map((ms) => `DNS query ID to 198.41.0.4 unanswered after ${ms} ms`),
    );
    expect(dnsStory(events)).toContain('send resolver>browser Standard query response ID Server failure A www.example.com');
    let playback = runToEnd(createPlayback(lossy));
    expect(browserPage(playback, 'browser')).toMatchObject({ kind: 'error', code: 'DNS_PROBE_FINISHED_NO_INTERNET' });
    playback = runToEnd(createPlayback(base));
    expect(browserPage(playback, 'browser')).toMatchObject({ kind: 'loaded', status: 200 });
  });
});

describe('nxdomain: a name that does not exist (RFC 2308)', () => {
  it('ends on the com server’s authoritative NXDOMAIN with its SOA, passed on by the resolver, and Chromium’s error page', () => {
    expect(dnsStory(run(example('nxdomain')))).toEqual([
      'send browser>resolver Standard query ID A exmaple.com',
      'send resolver>root Standard query ID A exmaple.com',
      'send root>resolver Standard query response ID A exmaple.com NS a.gtld-servers.net A 192.5.6.30',
      'state resolver>resolver Cached from 198.41.0.4: com NS, a.gtld-servers.net A',
      'send resolver>com Standard query ID A exmaple.com',
      'send com>resolver Standard query response ID No such name A exmaple.com SOA a.gtld-servers.net',
      'state resolver>resolver Cached from 192.5.6.30: com SOA',
      'send resolver>browser Standard query response ID No such name A exmaple.com SOA a.gtld-servers.net',
      'state browser>browser This site can’t be reached: DNS_PROBE_FINISHED_NXDOMAIN',
    ]);
    const nx = run(example('nxdomain')).find((e) => e.type === 'send' && e.from === 'com')!;
    expect((nx.message!.layers.at(-1) as DnsLayer).flags).toEqual(['QR', 'AA']);
    expect(browserPage(runToEnd(createPlayback(example('nxdomain'))), 'browser')).toMatchObject({ kind: 'error', code: 'DNS_PROBE_FINISHED_NXDOMAIN' });
  });

  it('caches the NXDOMAIN for the SOA’s negative TTL: a second ask inside it goes no further than the resolver', () => {
    const doc = withConfig(example('nxdomain'), 'browser', { visits: [{ url: 'http://exmaple.com/', atMs: 0 }, { url: 'http://exmaple.com/', atMs: 1000 }] });
    const story = dnsStory(run(doc));
    expect(story.filter((line) => line.startsWith('send resolver>com'))).toHaveLength(1);
    expect(story).toContain('state resolver>resolver Answered from cache: A exmaple.com');
  });
});

describe('dns-unreachable: a resolver nobody reaches', () => {
  it('asks twice, 5 s apart with the same id (resolv.conf timeout:5 attempts:2), then shows DNS_PROBE_FINISHED_NO_INTERNET at 10 s', () => {
    const events = run(example('dns-unreachable'));
    const queries = events.filter((e) => e.type === 'send' && e.from === 'browser' && e.protocol === 'dns');
    expect(queries.map((e) => e.t)).toEqual([0, 5000]);
    expect(new Set(queries.map((e) => (e.message!.layers.at(-1) as DnsLayer).id)).size).toBe(1);
    expect(events.filter((e) => e.type === 'drop' && e.from === 'browser')).toHaveLength(2);
    const failed = events.find((e) => e.type === 'state' && e.from === 'browser' && e.summary.includes('DNS_PROBE_FINISHED_NO_INTERNET'))!;
    expect(failed.t).toBe(10_000);
    expect(events.some((e) => e.type === 'send' && e.from === 'browser' && e.protocol !== 'dns')).toBe(false);
    const playback = runToEnd(createPlayback(example('dns-unreachable')));
    expect(browserPage(playback, 'browser')).toMatchObject({ kind: 'error', code: 'DNS_PROBE_FINISHED_NO_INTERNET' });
    expect(browserPage(playback, 'laptop')).toMatchObject({ kind: 'loaded', status: 200 });
  });
});

describe('dns-round-robin: the order of several A records', () => {
  const reference = readReference('dns-round-robin.json') as { servers: { dnsmasq: { orders: string[][] } } };
  const answers = (events: readonly TraceEvent[], from: string) =>
    events
      .filter((e) => e.type === 'send' && e.from === from && e.protocol === 'dns')
      .map((e) => (e.message!.layers.at(-1) as DnsLayer).answers.map((a) => a.data));

  it('rotates as dnsmasq did in the recording, answer after answer', () => {
    const orders = answers(run(example('dns-round-robin')), 'resolver');
    expect(orders.length).toBeGreaterThanOrEqual(6);
    const recorded = reference.servers.dnsmasq.orders;
    orders.forEach((order, index) => expect(order).toEqual(recorded[index % recorded.length]));
  });

  it('sends each visit to the first address of its answer, so visits land on different replicas', () => {
    const events = run(example('dns-round-robin'));
    const firstSyns = events.filter((e) => e.type === 'send' && e.from === 'browser' && e.summary.includes('[SYN]')).map((e) => e.message!.layers[0]);
    const addresses = new Set(firstSyns.map((ip) => (ip as { dst: string }).dst));
    expect(addresses).toEqual(new Set(['172.18.0.2', '172.18.0.3', '172.18.0.4']));
  });

  it('gives the BIND-style answers the TTL BIND gave in the recording (60 s), and dnsmasq’s its 0', () => {
    const bind = reference as unknown as { servers: { bind9: { answers: string[][] }; dnsmasq: { answers: string[][] } } };
    const recordedTtl = (line: string) => Number(line.split('\t').filter(Boolean)[1]);
    const ttls = (from: string) => new Set(run(example('dns-round-robin')).filter((e) => e.type === 'send' && e.from === from && e.protocol === 'dns').flatMap((e) => (e.message!.layers.at(-1) as DnsLayer).answers.map((a) => a.ttl)));
    expect(ttls('resolver-bind')).toEqual(new Set([recordedTtl(bind.servers.bind9.answers[0]![0]!)]));
    expect(ttls('resolver')).toEqual(new Set([recordedTtl(bind.servers.dnsmasq.answers[0]![0]!)]));
  });

  it('shuffles with the random order: same seed, same orders; another seed, others', () => {
    const a = answers(run(example('dns-round-robin'), 3), 'resolver-bind');
    expect(answers(run(example('dns-round-robin'), 3), 'resolver-bind')).toEqual(a);
    expect(answers(run(example('dns-round-robin'), 4), 'resolver-bind')).not.toEqual(a);
    for (const order of a) expect([...order].sort()).toEqual(['172.18.0.2', '172.18.0.3', '172.18.0.4']);
  });
});
