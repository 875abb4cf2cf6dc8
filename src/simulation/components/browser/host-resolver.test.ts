import { describe, expect, it } from 'vitest';
import type { NodeContext } from '../../engine/simulator.ts';
import type { DnsPayload } from '../../engine/packet.ts';
import { createRng } from '../../engine/rng.ts';
import { World } from '../../engine/world.ts';
import { dnsResponse } from '../../protocols/dns.ts';
import { newTcpTable } from '../tcp-endpoint.ts';
import { browserConfigSchema } from './config.ts';
import { addressesOf, lookUpHost, onDnsPacket, onHostResolverTimer, STUB_TIMEOUT_MS, type HasHostResolver } from './host-resolver.ts';

type State = HasHostResolver<string>;

/** A browser node's context with a resolver linked, recording what it sends, notes and times. */
function harness(options: { lossy?: boolean; config?: Record<string, unknown>; linked?: boolean } = {}) {
  const world = new World({
    format: 'stackscope.topology',
    version: 1,
    name: 't',
    seed: 1,
    nodes: [
      { id: 'b', kind: 'browser', label: 'Browser', position: { x: 0, y: 0 }, config: browserConfigSchema.parse({ visits: [], ...options.config }) },
      { id: 'r', kind: 'dns-resolver', label: 'Resolver', position: { x: 0, y: 0 }, config: { address: '10.0.0.53', records: [] } },
    ],
    links: options.linked === false ? [] : [{ id: 'l', from: 'b', to: 'r', kind: 'network', latencyMs: 5, ...(options.lossy ? { lossPercent: 50 } : {}) }],
  } as never);
  const rng = createRng(1);
  const sent: DnsPayload[] = [];
  const notes: string[] = [];
  const timers: { delay: number; payload: unknown }[] = [];
  const cancelled: number[] = [];
  let state: State = { tcp: newTcpTable(rng), dnsCache: {}, lookups: new Map() };
  const ctx = {
    now: 0,
    node: world.node('b')!,
    world,
    rng,
    get state() {
      return state;
    },
    setState(next: State) {
      state = next;
    },
    draft() {
      state = { ...state };
      return state;
    },
    inPlace: false,
    send: (_: string, __: unknown, app: DnsPayload) => sent.push(app),
    call: () => {},
    timer: (delay: number, payload: unknown) => timers.push({ delay, payload }) - 1,
    cancelTimer: (id: number) => cancelled.push(id),
    canLose: () => options.lossy === true,
    scheduleRoot: () => {},
    note: (summary: string) => notes.push(summary),
  } as unknown as NodeContext<State> & { now: number };
  return { ctx, sent, notes, timers, cancelled };
}

const answer = (query: DnsPayload, ttl = 60): DnsPayload =>
  dnsResponse(query, {
    authoritative: false,
    recursionAvailable: true,
    rcode: 'NOERROR',
    answers: [
      { name: 'www.example.com', type: 'CNAME', class: 'IN', ttl: 300, data: 'example.com' },
      { name: 'example.com', type: 'A', class: 'IN', ttl, data: '10.0.0.2' },
      { name: 'example.com', type: 'A', class: 'IN', ttl, data: '10.0.0.3' },
    ],
    authority: [],
    additional: [],
  });

describe('the browser’s host resolution', () => {
  it('asks the resolver for A only, follows the CNAME, takes the first address and caches it for the shortest TTL', () => {
    const { ctx, sent, notes } = harness();
    expect(lookUpHost(ctx, 'www.example.com', 'page')).toBe('pending');
    expect(sent[0]).toMatchObject({ recursionDesired: true, question: { name: 'www.example.com', type: 'A' } });
    const outcome = onDnsPacket(ctx, answer(sent[0]!));
    expect(outcome).toEqual({ waiter: 'page', host: 'www.example.com', outcome: { kind: 'resolved', address: '10.0.0.2', addresses: ['10.0.0.2', '10.0.0.3'], source: 'dns' } });
    expect(notes).toEqual(['DNS cache: www.example.com is 10.0.0.2 for 60 s']);
    ctx.now = 59_999;
    expect(lookUpHost(ctx, 'www.example.com', 'again')).toMatchObject({ kind: 'resolved', source: 'browser-cache' });
    expect(notes.at(-1)).toBe('DNS cache hit (browser): www.example.com is 10.0.0.2');
    ctx.now = 60_000;
    expect(lookUpHost(ctx, 'www.example.com', 'expired')).toBe('pending');
  });

  it('uses the OS cache when Chromium’s host cache is off, and neither when both are off', () => {
    const os = harness({ config: { hostCache: false } });
    lookUpHost(os.ctx, 'www.example.com', 'page');
    onDnsPacket(os.ctx, answer(os.sent[0]!));
    expect(lookUpHost(os.ctx, 'www.example.com', 'again')).toMatchObject({ kind: 'resolved', source: 'os-cache' });
    expect(os.notes.at(-1)).toBe('DNS cache hit (OS): www.example.com is 10.0.0.2');
    const none = harness({ config: { hostCache: false, osCache: false } });
    lookUpHost(none.ctx, 'www.example.com', 'page');
    onDnsPacket(none.ctx, answer(none.sent[0]!));
    expect(lookUpHost(none.ctx, 'www.example.com', 'again')).toBe('pending');
  });

  it('maps NXDOMAIN, an empty answer and SERVFAIL to Chromium’s DNS probe codes', () => {
    const codes = (['NXDOMAIN', 'NOERROR', 'SERVFAIL'] as const).map((rcode) => {
      const { ctx, sent } = harness();
      lookUpHost(ctx, 'typo.example', 'page');
      const reply = dnsResponse(sent[0]!, { authoritative: false, recursionAvailable: true, rcode, answers: [], authority: [], additional: [] });
      const outcome = onDnsPacket(ctx, reply)!.outcome;
      return outcome.kind === 'failed' ? outcome.code : outcome.kind;
    });
    expect(codes).toEqual(['DNS_PROBE_FINISHED_NXDOMAIN', 'DNS_PROBE_FINISHED_NXDOMAIN', 'DNS_PROBE_FINISHED_NO_INTERNET']);
  });

  it('retries after 5 s on a lossy link (resolv.conf timeout:5 attempts:2), then gives up with DNS_PROBE_FINISHED_NO_INTERNET', () => {
    const { ctx, sent, timers } = harness({ lossy: true });
    lookUpHost(ctx, 'www.example.com', 'page');
    expect(timers[0]!.delay).toBe(STUB_TIMEOUT_MS);
    expect(onHostResolverTimer(ctx, timers[0]!.payload)).toBe('retried');
    expect(sent).toHaveLength(2);
    expect(sent[1]!.id).toBe(sent[0]!.id);
    const outcome = onHostResolverTimer(ctx, timers[1]!.payload);
    expect(outcome).toMatchObject({ waiter: 'page', outcome: { kind: 'failed', code: 'DNS_PROBE_FINISHED_NO_INTERNET' } });
    expect(onHostResolverTimer(ctx, { type: 'visit' })).toBeUndefined();
  });

  it('arms no timer on a lossless link, and cancels a running one when the answer comes', () => {
    expect(harness().timers).toEqual([]);
    const { ctx, sent, cancelled } = harness({ lossy: true });
    lookUpHost(ctx, 'www.example.com', 'page');
    onDnsPacket(ctx, answer(sent[0]!));
    expect(cancelled).toEqual([0]);
  });

  it('fails at once with no route to the resolver', () => {
    const { ctx } = harness({ linked: false, config: { nameserver: '10.0.0.53' } });
    expect(lookUpHost(ctx, 'www.example.com', 'page')).toMatchObject({ kind: 'failed', code: 'DNS_PROBE_FINISHED_NO_INTERNET' });
    expect(ctx.state.lookups.size).toBe(0);
  });

  it('asks for A and AAAA side by side from one port on a host with IPv6, and ends when both are in, in either order', () => {
    const aaaaAnswer = (query: DnsPayload): DnsPayload =>
      dnsResponse(query, { authoritative: false, recursionAvailable: true, rcode: 'NOERROR', answers: [{ name: 'www.example.com', type: 'AAAA', class: 'IN', ttl: 60, data: '2001:db8::2' }], authority: [], additional: [] });
    for (const aaaaFirst of [false, true]) {
      const { ctx, sent, notes } = harness({ config: { ipv6: true } });
      expect(lookUpHost(ctx, 'www.example.com', 'page')).toBe('pending');
      expect(sent.map((query) => query.question.type)).toEqual(['A', 'AAAA']);
      expect(sent[1]!.id).not.toBe(sent[0]!.id);
      const [first, second] = aaaaFirst ? [aaaaAnswer(sent[1]!), answer(sent[0]!)] : [answer(sent[0]!), aaaaAnswer(sent[1]!)];
      expect(onDnsPacket(ctx, first)).toBeUndefined();
      expect(onDnsPacket(ctx, second)).toEqual({ waiter: 'page', host: 'www.example.com', outcome: { kind: 'resolved', address: '10.0.0.2', addresses: ['10.0.0.2', '10.0.0.3'], source: 'dns' } });
      expect(notes).toEqual(['DNS cache: www.example.com is 10.0.0.2 for 60 s', 'www.example.com has IPv6 too (2001:db8::2): the simulated network carries IPv4, so the browser connects to 10.0.0.2']);
      expect(ctx.state.lookups.size).toBe(0);
    }
    const only6 = harness({ config: { ipv6: true } });
    lookUpHost(only6.ctx, 'www.example.com', 'page');
    const nodata = dnsResponse(only6.sent[0]!, { authoritative: false, recursionAvailable: true, rcode: 'NOERROR', answers: [], authority: [], additional: [] });
    onDnsPacket(only6.ctx, nodata);
    expect(onDnsPacket(only6.ctx, aaaaAnswer(only6.sent[1]!))!.outcome).toMatchObject({ kind: 'failed', code: 'ERR_ADDRESS_UNREACHABLE' });
  });

  it('sends no AAAA query on an IPv4-only host', () => {
    const { ctx, sent } = harness();
    lookUpHost(ctx, 'www.example.com', 'page');
    expect(sent.map((query) => query.question.type)).toEqual(['A']);
  });

  it('reads addresses after a CNAME chain, with the chain’s smallest TTL', () => {
    const query = { ...answer({ id: 1, question: { name: 'www.example.com', type: 'A', class: 'IN' }, recursionDesired: true } as DnsPayload) };
    expect(addressesOf(query, 'WWW.example.com.')).toEqual({ addresses: ['10.0.0.2', '10.0.0.3'], ttl: 60 });
  });
});
