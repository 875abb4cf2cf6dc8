import type { TcpFlag } from '../model/message.ts';
import type { TcpSegment } from '../engine/packet.ts';

/**
 * TCP connection state (RFC 9293), per connection, as plain read-only data. Sequence numbers
 * are absolute 32-bit values from a seeded ISN; the summary shows them relative.
 * Simplifications (docs/engine.md): no pure ACK for each data segment (the next segment's
 * ack number carries it), no windows or congestion control, no TIME_WAIT (a connection is
 * forgotten once both FINs are acknowledged).
 */
export type TcpState =
  | 'SYN_SENT'
  | 'SYN_RCVD'
  | 'ESTABLISHED'
  | 'FIN_WAIT_1'
  | 'FIN_WAIT_2'
  | 'CLOSE_WAIT'
  | 'LAST_ACK'
  | 'CLOSED';

export interface TcpConnection {
  readonly id: string;
  readonly localAddr: string;
  readonly localPort: number;
  readonly remoteAddr: string;
  readonly remotePort: number;
  readonly state: TcpState;
  readonly iss: number;
  readonly irs: number;
  readonly sndNxt: number;
  readonly rcvNxt: number;
}

/** Linux's default ephemeral port range (net.ipv4.ip_local_port_range). */
export const EPHEMERAL_PORT_MIN = 32768;
export const EPHEMERAL_PORT_MAX = 60999;

export function connectionKey(localPort: number, remoteAddr: string, remotePort: number): string {
  return `${localPort}|${remoteAddr}|${remotePort}`;
}

const plus = (a: number, b: number): number => (a + b) >>> 0;

/** A new client connection, about to send its SYN. */
export function openConnection(local: { addr: string; port: number }, remote: { addr: string; port: number }, iss: number): TcpConnection {
  return {
    id: connectionKey(local.port, remote.addr, remote.port),
    localAddr: local.addr,
    localPort: local.port,
    remoteAddr: remote.addr,
    remotePort: remote.port,
    state: 'SYN_SENT',
    iss,
    irs: 0,
    sndNxt: iss,
    rcvNxt: 0,
  };
}

/** A server-side connection created by an incoming SYN (the kernel answers it, not the app). */
export function acceptSyn(local: { addr: string; port: number }, syn: TcpSegment, remoteAddr: string, iss: number): TcpConnection {
  return {
    id: connectionKey(local.port, remoteAddr, syn.srcPort),
    localAddr: local.addr,
    localPort: local.port,
    remoteAddr,
    remotePort: syn.srcPort,
    state: 'SYN_RCVD',
    iss,
    irs: syn.seq,
    sndNxt: iss,
    rcvNxt: plus(syn.seq, 1),
  };
}

/**
 * The segment this connection sends next with these flags and payload length, and the
 * connection after sending it (SYN and FIN each take one sequence number).
 */
export function segmentFrom(conn: TcpConnection, flags: readonly TcpFlag[], len: number): [TcpSegment, TcpConnection] {
  const carriesAck = flags.includes('ACK');
  const segment: TcpSegment = {
    transport: 'tcp',
    srcPort: conn.localPort,
    dstPort: conn.remotePort,
    flags,
    seq: conn.sndNxt,
    ack: carriesAck ? conn.rcvNxt : 0,
    baseSeq: conn.iss,
    baseAck: conn.irs,
    len,
  };
  const consumed = len + (flags.includes('SYN') ? 1 : 0) + (flags.includes('FIN') ? 1 : 0);
  return [segment, { ...conn, sndNxt: plus(conn.sndNxt, consumed) }];
}

/** What an arriving segment means for the connection it belongs to. */
export type TcpArrival =
  | { readonly kind: 'established'; readonly conn: TcpConnection; readonly reply: 'ACK' }
  | { readonly kind: 'accepted'; readonly conn: TcpConnection }
  | { readonly kind: 'data'; readonly conn: TcpConnection }
  | { readonly kind: 'peer-closed'; readonly conn: TcpConnection }
  | { readonly kind: 'closed'; readonly conn: TcpConnection; readonly reply: 'ACK' | null }
  | { readonly kind: 'fin-acked'; readonly conn: TcpConnection }
  | { readonly kind: 'reset'; readonly conn: TcpConnection }
  | { readonly kind: 'ignored'; readonly conn: TcpConnection; readonly reason: string };

/**
 * Applies an arriving segment to its connection (RFC 9293 section 3.10.7, simplified).
 * Data and FIN are only taken in order; anything unexpected is ignored with a reason.
 */
export function receiveSegment(conn: TcpConnection, segment: TcpSegment, payloadLength: number): TcpArrival {
  const flags = segment.flags;
  if (flags.includes('RST')) return { kind: 'reset', conn: { ...conn, state: 'CLOSED' } };
  if (conn.state === 'SYN_SENT') {
    if (flags.includes('SYN') && flags.includes('ACK') && segment.ack === plus(conn.iss, 1)) {
      return { kind: 'established', conn: { ...conn, state: 'ESTABLISHED', irs: segment.seq, rcvNxt: plus(segment.seq, 1) }, reply: 'ACK' };
    }
    return { kind: 'ignored', conn, reason: 'unexpected segment while waiting for SYN-ACK' };
  }
  if (segment.seq !== conn.rcvNxt) return { kind: 'ignored', conn, reason: `out-of-order segment (expected seq ${conn.rcvNxt})` };
  let next = conn;
  const acksOurFin = flags.includes('ACK') && segment.ack === conn.sndNxt;
  if (next.state === 'SYN_RCVD' && flags.includes('ACK')) {
    next = { ...next, state: 'ESTABLISHED' };
    if (payloadLength === 0 && !flags.includes('FIN')) return { kind: 'accepted', conn: next };
  }
  if (payloadLength > 0) {
    next = { ...next, rcvNxt: plus(next.rcvNxt, payloadLength) };
    if (!flags.includes('FIN')) return { kind: 'data', conn: next };
  }
  if (flags.includes('FIN')) {
    next = { ...next, rcvNxt: plus(next.rcvNxt, 1) };
    if (next.state === 'ESTABLISHED') return { kind: 'peer-closed', conn: { ...next, state: 'CLOSE_WAIT' } };
    if (next.state === 'FIN_WAIT_2' || (next.state === 'FIN_WAIT_1' && acksOurFin)) {
      return { kind: 'closed', conn: { ...next, state: 'CLOSED' }, reply: 'ACK' };
    }
    return { kind: 'ignored', conn: next, reason: `FIN in state ${next.state}` };
  }
  if (next.state === 'FIN_WAIT_1' && acksOurFin) return { kind: 'fin-acked', conn: { ...next, state: 'FIN_WAIT_2' } };
  if (next.state === 'LAST_ACK' && acksOurFin) return { kind: 'closed', conn: { ...next, state: 'CLOSED' }, reply: null };
  return { kind: 'ignored', conn: next, reason: 'nothing new' };
}

/** The state a connection enters when its own side closes (sends FIN). */
export function closingState(state: TcpState): TcpState {
  return state === 'CLOSE_WAIT' ? 'LAST_ACK' : 'FIN_WAIT_1';
}
