/**
 * TCP's orderly close (RFC 9293 section 3.6), nginx keep-alive and RST, checked on the golden
 * traces of default.json, keep-alive.json and connection-refused.json, and segment order
 * checked against ../shared/reference/http-raw.json's tcp_packets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate, traceEventToJson, type TraceEvent } from '../index.ts';
import type { TcpLayer } from '../model/message.ts';
import { example } from '../test-support/documents.node.ts';
import { EPHEMERAL_PORT_MAX, EPHEMERAL_PORT_MIN, FLAGS, acceptSyn, openConnection, receiveSegment, segmentFrom, type TcpConnection, type WritableConnection } from '../protocols/tcp.ts';
import { readReference } from '../test-support/reference.node.ts';

function run(name: string): TraceEvent[] {
  const events: TraceEvent[] = [];
  simulate(example(name), { onEvent: (event) => events.push(event) });
  return events;
}

const tcpOf = (event: TraceEvent): TcpLayer | undefined => event.message?.layers.find((layer): layer is TcpLayer => layer.layer === 'tcp');

/** The sends of one connection (by its two ports), as http-raw.json writes them: "C->S [AF] len=0". */
function segments(events: readonly TraceEvent[], clientPort: number, serverPort: number): { line: string; event: TraceEvent; tcp: TcpLayer }[] {
  const out: { line: string; event: TraceEvent; tcp: TcpLayer }[] = [];
  for (const event of events) {
    if (event.type !== 'send') continue;
    const tcp = tcpOf(event);
    if (!tcp) continue;
    const fromClient = tcp.srcPort === clientPort && tcp.dstPort === serverPort;
    if (!fromClient && !(tcp.srcPort === serverPort && tcp.dstPort === clientPort)) continue;
    const letters = [tcp.flags.includes('ACK') ? 'A' : '', tcp.flags.includes('FIN') ? 'F' : '', tcp.flags.includes('PSH') ? 'P' : '', tcp.flags.includes('RST') ? 'R' : '', tcp.flags.includes('SYN') ? 'S' : ''].join('');
    out.push({ line: `${fromClient ? 'C->S' : 'S->C'} [${letters}]`, event, tcp });
  }
  return out;
}

/**
 * Every segment's seq is the sender's next sequence number (SYN and FIN count one), and its ack
 * the end of a segment the other side had sent before (segments that cross in flight, as in a
 * simultaneous close, acknowledge less than was sent).
 */
function expectConsistentNumbers(list: readonly { line: string; tcp: TcpLayer }[]): void {
  const next = new Map<string, number>();
  const ends = new Map<string, number[]>([['C', []], ['S', []]]);
  for (const { line, tcp } of list) {
    const from = line.slice(0, 1);
    const to = from === 'C' ? 'S' : 'C';
    if (next.has(from)) expect(tcp.seq, line).toBe(next.get(from));
    if (tcp.flags.includes('ACK') && next.has(to)) expect(ends.get(to), `${line} ack ${tcp.ack}`).toContain(tcp.ack);
    const end = (tcp.seq + tcp.len + (tcp.flags.includes('SYN') ? 1 : 0) + (tcp.flags.includes('FIN') ? 1 : 0)) >>> 0;
    next.set(from, end);
    ends.get(from)!.push(end);
  }
}

const reference = readReference('http-raw.json') as {
  cases: { get_index: { hops: { tcp_packets: string[] }[] } };
};
/** One hop's segments in the recording, as "C->S [AF]" (flags as tshark letters). */
const recorded = (hop: number): string[] => reference.cases.get_index.hops[hop]!.tcp_packets.map((packet) => /(C->S|S->C) \[\w+\]/.exec(packet)![0]);

describe('TCP orderly close', () => {
  const events = run('default');

  it('closes the nginx→Gunicorn hop as recorded: Gunicorn FIN first, then nginx FIN, then Gunicorn ACK', () => {
    const get = events.find((event) => event.type === 'send' && event.from === 'nginx' && event.to === 'app1' && event.summary === 'GET / HTTP/1.0')!;
    const port = tcpOf(get)!.srcPort;
    const hop = segments(events, port, 8000);
    const close = hop.map((segment) => segment.line).slice(-3);
    expect(close).toEqual(['S->C [AF]', 'C->S [AF]', 'S->C [A]']);
    expect(recorded(1).slice(-3)).toEqual(close);
    // The recording's order without its bare ACKs of data, which a lossless link leaves out here.
    const withoutDataAcks = recorded(1).filter((line, index, lines) => !(index > 2 && line.endsWith('[A]') && index < lines.length - 1));
    expect(withoutDataAcks).toEqual(['C->S [S]', 'S->C [AS]', 'C->S [A]', 'C->S [AP]', 'S->C [AP]', 'S->C [AP]', 'S->C [AF]', 'C->S [AF]', 'S->C [A]']);
    expect(hop.map((segment) => segment.line)).toEqual(['C->S [S]', 'S->C [AS]', 'C->S [A]', 'C->S [AP]', 'S->C [AP]', 'S->C [AF]', 'C->S [AF]', 'S->C [A]']);
    expectConsistentNumbers(hop);
  });

  it('keeps the browser connection open (keep-alive) and nginx closes it after keepalive_timeout (75 s): FIN, FIN, ACK', () => {
    const hop = segments(events, tcpOf(events.find((event) => event.type === 'send' && event.from === 'browser' && /\[SYN\]/.test(event.summary))!)!.srcPort, 80);
    const lines = hop.map((segment) => segment.line);
    expect(lines.slice(0, 3)).toEqual(['C->S [S]', 'S->C [AS]', 'C->S [A]']);
    expect(lines.slice(-3)).toEqual(['S->C [AF]', 'C->S [AF]', 'S->C [A]']);
    expect(lines.filter((line) => line === 'C->S [S]')).toHaveLength(1);
    const lastResponse = hop.filter((segment) => segment.line === 'S->C [AP]').at(-1)!.event;
    const fin = hop.at(-3)!.event;
    expect(fin.t - lastResponse.t).toBe(75_000);
    const timer = events[fin.cause!]!;
    expect(timer).toMatchObject({ type: 'timer', from: 'nginx' });
    expect(timer.summary).toMatch(/^keepalive_timeout 75s: /);
    expectConsistentNumbers(hop);
    // nobody is left holding a connection
    expect(events.at(-1)!.summary).toMatch(/\[ACK\]/);
  });

  it('every response nginx sends on a keep-alive connection says Connection: keep-alive', () => {
    const responses = events.filter((event) => event.type === 'send' && event.from === 'nginx' && event.to === 'browser' && event.protocol === 'http');
    expect(responses.length).toBeGreaterThan(0);
    for (const response of responses) {
      const http = response.message!.layers.find((layer) => layer.layer === 'http')!;
      expect(http.layer === 'http' && http.headers.find(([name]) => name === 'Connection')?.[1]).toBe('keep-alive');
    }
  });

  it('uses ephemeral client ports in Linux range and the listening ports 80, 8000 and 5432', () => {
    const listening = new Set<number>();
    for (const event of events) {
      const tcp = tcpOf(event);
      if (!tcp || event.type !== 'send' || !tcp.flags.includes('SYN') || tcp.flags.includes('ACK')) continue;
      expect(tcp.srcPort).toBeGreaterThanOrEqual(EPHEMERAL_PORT_MIN);
      expect(tcp.srcPort).toBeLessThanOrEqual(EPHEMERAL_PORT_MAX);
      listening.add(tcp.dstPort);
    }
    expect([...listening].sort()).toEqual([5432, 80, 8000].sort());
  });
});

describe('keep-alive.json: several requests on one connection beside one connection per request', () => {
  const events = run('keep-alive');

  it('matches its golden trace', () => {
    const golden = readFileSync(join(process.cwd(), 'src/simulation/__golden__/keep-alive.trace.jsonl'), 'utf8').trimEnd().split('\n');
    expect(events.map(traceEventToJson)).toEqual(golden);
  });

  it('sends every request to keepalive_timeout 75s over one connection, and opens one connection per request to keepalive_timeout 0', () => {
    const synsTo = (node: string) => events.filter((event) => event.type === 'send' && event.from === 'browser' && event.to === node && /\[SYN\]/.test(event.summary));
    const requestsTo = (node: string) => events.filter((event) => event.type === 'send' && event.from === 'browser' && event.to === node && event.protocol === 'http');
    expect(synsTo('nginx-keep')).toHaveLength(1);
    expect(requestsTo('nginx-keep').length).toBeGreaterThanOrEqual(3);
    expect(synsTo('nginx-close')).toHaveLength(requestsTo('nginx-close').length);
    expect(requestsTo('nginx-close').length).toBeGreaterThanOrEqual(3);
  });

  it('keepalive_timeout 0: each response says Connection: close and nginx sends FIN with it; the connection ends cleanly', () => {
    const responses = events.filter((event) => event.type === 'send' && event.from === 'nginx-close' && event.to === 'browser' && event.protocol === 'http');
    for (const response of responses) {
      const http = response.message!.layers.find((layer) => layer.layer === 'http')!;
      expect(http.layer === 'http' && http.headers.find(([name]) => name === 'Connection')?.[1]).toBe('close');
      const next = events.find((event) => event.seq > response.seq && event.type === 'send' && event.from === 'nginx-close' && event.to === 'browser')!;
      expect(next.summary).toMatch(/\[FIN, ACK\]/);
      expect(next.cause).toBe(response.cause);
      const port = tcpOf(response)!.dstPort;
      const hop = segments(events, port, 80);
      expectConsistentNumbers(hop);
      // both FINs acknowledged: the last segment each way is an ACK of the other's FIN
      const fins = hop.filter((segment) => segment.line.includes('F'));
      expect(fins.map((segment) => segment.line.slice(0, 4)).sort()).toEqual(['C->S', 'S->C']);
      const acks = hop.slice(hop.indexOf(fins[0]!) + 1).filter((segment) => segment.line.endsWith('[A]'));
      expect(acks.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('the same seed gives the same trace', () => {
    expect(run('keep-alive').map(traceEventToJson)).toEqual(events.map(traceEventToJson));
  });
});

describe('connection-refused.json', () => {
  it('answers a SYN to a port nobody listens on with RST, ACK (ack = their ISN + 1) and the browser shows ERR_CONNECTION_REFUSED', () => {
    const events = run('connection-refused');
    const golden = readFileSync(join(process.cwd(), 'src/simulation/__golden__/connection-refused.trace.jsonl'), 'utf8').trimEnd().split('\n');
    expect(events.map(traceEventToJson)).toEqual(golden);
    const tcp = events.filter((event) => event.type === 'send' && event.protocol === 'tcp');
    expect(tcp.map((event) => `${event.from}>${event.to} ${event.summary.replace(/^\d+ → \d+ /, '')}`)).toEqual(['browser>nginx [SYN] Seq=0 Len=0', 'nginx>browser [RST, ACK] Seq=0 Ack=1 Len=0']);
    expect(tcpOf(tcp[0]!)!.dstPort).toBe(8080);
    expect(tcpOf(tcp[1]!)!.ack).toBe((tcpOf(tcp[0]!)!.seq + 1) >>> 0);
    expect(events.at(-1)!.summary).toBe("This site can’t be reached: ERR_CONNECTION_REFUSED");
  });
});

describe('the close state machine (RFC 9293 section 3.6)', () => {
  function pair(): { client: WritableConnection; server: WritableConnection } {
    const client = openConnection({ addr: '10.0.0.10', port: 40000 }, { addr: '10.0.0.2', port: 80 }, 1000) as WritableConnection;
    const syn = segmentFrom(client, FLAGS.SYN, 0);
    const server = acceptSyn({ addr: '10.0.0.2', port: 80 }, syn, '10.0.0.10', 5000) as WritableConnection;
    const synAck = segmentFrom(server, FLAGS.SYN_ACK, 0);
    expect(receiveSegment(client, synAck, 0)).toBe('established');
    expect(receiveSegment(server, segmentFrom(client, FLAGS.ACK, 0), 0)).toBe('accepted');
    return { client, server };
  }
  const states = (...conns: TcpConnection[]) => conns.map((conn) => conn.state);

  it('active and passive close: FIN_WAIT_1, CLOSE_WAIT, FIN_WAIT_2, LAST_ACK, TIME_WAIT, CLOSED; each FIN takes one sequence number', () => {
    const { client, server } = pair();
    const before = client.sndNxt;
    const fin = segmentFrom(client, FLAGS.FIN_ACK, 0);
    client.state = 'FIN_WAIT_1';
    expect(client.sndNxt).toBe(before + 1);
    expect(receiveSegment(server, fin, 0)).toBe('peer-closed');
    expect(states(client, server)).toEqual(['FIN_WAIT_1', 'CLOSE_WAIT']);
    expect(receiveSegment(client, segmentFrom(server, FLAGS.ACK, 0), 0)).toBe('fin-acked');
    expect(client.state).toBe('FIN_WAIT_2');
    const serverFin = segmentFrom(server, FLAGS.FIN_ACK, 0);
    server.state = 'LAST_ACK';
    expect(receiveSegment(client, serverFin, 0)).toBe('time-wait');
    expect(client.state).toBe('TIME_WAIT');
    expect(receiveSegment(server, segmentFrom(client, FLAGS.ACK, 0), 0)).toBe('closed-by-ack');
    expect(server.state).toBe('CLOSED');
  });

  it('a FIN that crosses ours (simultaneous close): CLOSING on both sides, then TIME_WAIT on both', () => {
    const { client, server } = pair();
    const clientFin = segmentFrom(client, FLAGS.FIN_ACK, 0);
    client.state = 'FIN_WAIT_1';
    const serverFin = segmentFrom(server, FLAGS.FIN_ACK, 0);
    server.state = 'FIN_WAIT_1';
    expect(receiveSegment(client, serverFin, 0)).toBe('simultaneous-close');
    expect(receiveSegment(server, clientFin, 0)).toBe('simultaneous-close');
    expect(states(client, server)).toEqual(['CLOSING', 'CLOSING']);
    const clientAck = segmentFrom(client, FLAGS.ACK, 0);
    const serverAck = segmentFrom(server, FLAGS.ACK, 0);
    expect(receiveSegment(client, serverAck, 0)).toBe('closing-acked');
    expect(receiveSegment(server, clientAck, 0)).toBe('closing-acked');
    expect(states(client, server)).toEqual(['TIME_WAIT', 'TIME_WAIT']);
  });

  it('a FIN that carries the ACK of ours goes straight from FIN_WAIT_1 to TIME_WAIT', () => {
    const { client, server } = pair();
    const fin = segmentFrom(client, FLAGS.FIN_ACK, 0);
    client.state = 'FIN_WAIT_1';
    expect(receiveSegment(server, fin, 0)).toBe('peer-closed');
    const serverFin = segmentFrom(server, FLAGS.FIN_ACK, 0);
    expect(receiveSegment(client, serverFin, 0)).toBe('time-wait');
  });
});
