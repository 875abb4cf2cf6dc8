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

/**
 * One end of a connection. In a playback a change makes a new object (copy on write); in a
 * load run that keeps no history the object is changed in place (see tcp-endpoint.ts).
 */
export interface TcpConnection {
  readonly id: string;
  /** The id the other end files this connection under: the `key` of the segments we send. */
  readonly peerKey: string;
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

/** A connection being changed: a copy in a playback, the connection itself in a load run. */
export type WritableConnection = { -readonly [K in keyof TcpConnection]: TcpConnection[K] };

/** Linux's default ephemeral port range (net.ipv4.ip_local_port_range). */
export const EPHEMERAL_PORT_MIN = 32768;
export const EPHEMERAL_PORT_MAX = 60999;

export const SYN = 1;
export const ACK = 2;
export const PSH = 4;
export const FIN = 8;
export const RST = 16;

/** A segment's flags as Wireshark lists them, and as bits for quick tests. Shared, read-only. */
export interface TcpFlags {
  readonly list: readonly TcpFlag[];
  readonly bits: number;
}

const BITS: Readonly<Record<TcpFlag, number>> = { SYN, ACK, PSH, FIN, RST };

function flagSet(...list: TcpFlag[]): TcpFlags {
  return { list: Object.freeze(list), bits: list.reduce((bits, flag) => bits | BITS[flag], 0) };
}

export const FLAGS = {
  SYN: flagSet('SYN'),
  SYN_ACK: flagSet('SYN', 'ACK'),
  ACK: flagSet('ACK'),
  PSH_ACK: flagSet('PSH', 'ACK'),
  FIN_ACK: flagSet('FIN', 'ACK'),
  RST_ACK: flagSet('RST', 'ACK'),
} as const;

export function connectionKey(localPort: number, remoteAddr: string, remotePort: number): string {
  return `${localPort}|${remoteAddr}|${remotePort}`;
}

const plus = (a: number, b: number): number => (a + b) >>> 0;

/** A new client connection, about to send its SYN. */
export function openConnection(local: { addr: string; port: number }, remote: { addr: string; port: number }, iss: number): TcpConnection {
  return {
    id: connectionKey(local.port, remote.addr, remote.port),
    peerKey: connectionKey(remote.port, local.addr, local.port),
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
    peerKey: connectionKey(syn.srcPort, local.addr, local.port),
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
 * The segment this connection sends next with these flags and payload length. `conn` moves
 * past it (SYN and FIN each take one sequence number), so it must be writable.
 */
export function segmentFrom(conn: WritableConnection, flags: TcpFlags, len: number): TcpSegment {
  const bits = flags.bits;
  const segment: TcpSegment = {
    transport: 'tcp',
    srcPort: conn.localPort,
    dstPort: conn.remotePort,
    flags: flags.list,
    bits,
    seq: conn.sndNxt,
    ack: bits & ACK ? conn.rcvNxt : 0,
    baseSeq: conn.iss,
    baseAck: conn.irs,
    len,
    key: conn.peerKey,
  };
  const consumed = len + (bits & SYN ? 1 : 0) + (bits & FIN ? 1 : 0);
  conn.sndNxt = plus(conn.sndNxt, consumed);
  return segment;
}

/**
 * What an arriving segment means for the connection it belongs to. `closed`: their FIN ended
 * it and wants an ACK; `closed-by-ack`: the ACK of our last FIN ended it.
 */
export type TcpArrival = 'established' | 'accepted' | 'data' | 'peer-closed' | 'closed' | 'closed-by-ack' | 'fin-acked' | 'reset' | 'ignored';

/**
 * Applies an arriving segment to its connection (RFC 9293 section 3.10.7, simplified).
 * Data and FIN are only taken in order; anything unexpected is ignored (ignoredReason says
 * why) and leaves `conn` untouched. Otherwise `conn`, which must be writable, is updated.
 */
export function receiveSegment(conn: WritableConnection, segment: TcpSegment, payloadLength: number): TcpArrival {
  const bits = segment.bits;
  if (bits & RST) {
    conn.state = 'CLOSED';
    return 'reset';
  }
  let state = conn.state;
  if (state === 'SYN_SENT') {
    if (bits & SYN && bits & ACK && segment.ack === plus(conn.iss, 1)) {
      conn.state = 'ESTABLISHED';
      conn.irs = segment.seq;
      conn.rcvNxt = plus(segment.seq, 1);
      return 'established';
    }
    return 'ignored';
  }
  if (segment.seq !== conn.rcvNxt) return 'ignored';
  const acksOurFin = (bits & ACK) !== 0 && segment.ack === conn.sndNxt;
  if (state === 'SYN_RCVD' && bits & ACK) {
    state = 'ESTABLISHED';
    if (payloadLength === 0 && !(bits & FIN)) {
      conn.state = state;
      return 'accepted';
    }
  }
  let rcvNxt = conn.rcvNxt;
  if (payloadLength > 0) {
    rcvNxt = plus(rcvNxt, payloadLength);
    if (!(bits & FIN)) {
      conn.state = state;
      conn.rcvNxt = rcvNxt;
      return 'data';
    }
  }
  if (bits & FIN) {
    rcvNxt = plus(rcvNxt, 1);
    if (state === 'ESTABLISHED') {
      conn.state = 'CLOSE_WAIT';
      conn.rcvNxt = rcvNxt;
      return 'peer-closed';
    }
    if (state === 'FIN_WAIT_2' || (state === 'FIN_WAIT_1' && acksOurFin)) {
      conn.state = 'CLOSED';
      conn.rcvNxt = rcvNxt;
      return 'closed';
    }
    return 'ignored';
  }
  if (state === 'FIN_WAIT_1' && acksOurFin) {
    conn.state = 'FIN_WAIT_2';
    return 'fin-acked';
  }
  if (state === 'LAST_ACK' && acksOurFin) {
    conn.state = 'CLOSED';
    return 'closed-by-ack';
  }
  return 'ignored';
}

/** Why receiveSegment ignored a segment (it leaves the connection as it was). */
export function ignoredReason(conn: TcpConnection, segment: TcpSegment): string {
  if (conn.state === 'SYN_SENT') return 'unexpected segment while waiting for SYN-ACK';
  if (segment.seq !== conn.rcvNxt) return `out-of-order segment (expected seq ${conn.rcvNxt})`;
  // A FIN ignored in SYN_RCVD with an ACK cannot happen: that ACK establishes the connection first.
  if (segment.bits & FIN) return `FIN in state ${conn.state}`;
  return 'nothing new';
}

/** The state a connection enters when its own side closes (sends FIN). */
export function closingState(state: TcpState): TcpState {
  return state === 'CLOSE_WAIT' ? 'LAST_ACK' : 'FIN_WAIT_1';
}
