import type { TcpFlag } from '../model/message.ts';
import type { AppPayload, TcpSegment } from '../engine/packet.ts';

/**
 * TCP connection state (RFC 9293), per connection, as plain read-only data. Sequence numbers
 * are absolute 32-bit values from a seeded ISN; the summary shows them relative.
 * Simplifications (docs/protocols/tcp.md): no windows or congestion control. On a link that
 * cannot lose packets there is no retransmission and no pure ACK for each data segment (the
 * next segment's ack number carries it); on a lossy link both exist (see retransmission
 * below). The close follows RFC 9293 on every link: FIN_WAIT_1, FIN_WAIT_2, CLOSING and
 * TIME_WAIT on the side that closes first, CLOSE_WAIT and LAST_ACK on the other.
 */
export type TcpState =
  | 'SYN_SENT'
  | 'SYN_RCVD'
  | 'ESTABLISHED'
  | 'FIN_WAIT_1'
  | 'FIN_WAIT_2'
  | 'CLOSING'
  | 'CLOSE_WAIT'
  | 'LAST_ACK'
  | 'TIME_WAIT'
  | 'CLOSED';

/** A segment sent and not yet acknowledged, kept to be sent again (RFC 9293's retransmission queue). */
export interface Outstanding {
  readonly segment: TcpSegment;
  readonly app: AppPayload | null;
  /** The sequence number just after it: an ack at or past this acknowledges it. */
  readonly end: number;
}

/** No segments waiting for an acknowledgement. Shared, read-only. */
export const NOTHING_OUTSTANDING: readonly Outstanding[] = Object.freeze([]);

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
  /**
   * The retransmission timeout before any backoff, in ms (RFC 6298): 1 s, or 3 s once a
   * retransmitted SYN or SYN-ACK has been answered (RFC 6298 section 5.7). 0 on a link that
   * cannot lose packets: the connection then never retransmits, so it sets no timers.
   */
  readonly rtoBase: number;
  /** Segments sent and not yet acknowledged, oldest first (empty when rtoBase is 0). */
  readonly unacked: readonly Outstanding[];
  /** How many times the oldest unacknowledged segment has been sent again: the backoff. */
  readonly retries: number;
  /** The id of the running retransmission (or TIME_WAIT) timer, -1 when none runs. */
  readonly timer: number;
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

/** Linux's initial retransmission timeout, TCP_TIMEOUT_INIT (RFC 6298 section 2.1: 1 s). */
export const INITIAL_RTO_MS = 1000;
/** The RTO once data flows after a retransmitted SYN (RFC 6298 section 5.7; Linux's TCP_TIMEOUT_FALLBACK). */
export const FALLBACK_RTO_MS = 3000;
/** Linux's ceiling for a backed-off RTO, TCP_RTO_MAX. */
export const MAX_RTO_MS = 120_000;
/** How long an actively closed connection stays in TIME_WAIT on Linux (TCP_TIMEWAIT_LEN). */
export const TIME_WAIT_MS = 60_000;
/** Linux's defaults: net.ipv4.tcp_syn_retries, tcp_synack_retries and tcp_retries2. */
export const SYN_RETRIES = 6;
export const SYNACK_RETRIES = 5;
export const DATA_RETRIES = 15;

/** The RTO for the next (re)transmission: doubled for each retry (RFC 6298 section 5.5), capped. */
export function currentRto(conn: TcpConnection): number {
  return Math.min(conn.rtoBase * 2 ** conn.retries, MAX_RTO_MS);
}

/** How many retransmissions a connection makes before giving up, by what it waits for. */
export function retryLimit(conn: TcpConnection): number {
  if (conn.state === 'SYN_SENT') return SYN_RETRIES;
  if (conn.state === 'SYN_RCVD') return SYNACK_RETRIES;
  return DATA_RETRIES;
}

/** Whether sequence number a is at or after b (modulo 2^32, RFC 9293 section 3.4). */
export function seqAtOrAfter(a: number, b: number): boolean {
  return ((a - b) >>> 0) < 0x80000000;
}

/** The sequence number just after a segment: SYN and FIN each take one. */
export function segmentEnd(segment: TcpSegment): number {
  const bits = segment.bits;
  return (segment.seq + segment.len + (bits & SYN ? 1 : 0) + (bits & FIN ? 1 : 0)) >>> 0;
}

/**
 * A segment that takes sequence space and lies wholly before what we expect next: a
 * retransmission of something already received (its acknowledgement was lost, or the
 * retransmission timer fired first). RFC 9293 section 3.10.7.4: it is not acceptable; the
 * receiver acknowledges it again and drops it.
 */
export function isDuplicate(conn: TcpConnection, segment: TcpSegment): boolean {
  if (conn.state === 'SYN_SENT') return false;
  const end = segmentEnd(segment);
  return end !== segment.seq && seqAtOrAfter(conn.rcvNxt, end);
}

/**
 * Takes off the retransmission queue what `ack` acknowledges. Returns how many segments it
 * took; `conn` must be writable, and its `unacked` list is replaced, never changed.
 */
export function acknowledge(conn: WritableConnection, ack: number): number {
  const unacked = conn.unacked;
  let taken = 0;
  while (taken < unacked.length && seqAtOrAfter(ack, unacked[taken]!.end) && seqAtOrAfter(conn.sndNxt, ack)) taken++;
  if (taken > 0) conn.unacked = taken === unacked.length ? NOTHING_OUTSTANDING : unacked.slice(taken);
  return taken;
}

/** A new client connection, about to send its SYN. `rtoBase` 0: it never retransmits. */
export function openConnection(local: { addr: string; port: number }, remote: { addr: string; port: number }, iss: number, rtoBase = 0): TcpConnection {
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
    rtoBase,
    unacked: NOTHING_OUTSTANDING,
    retries: 0,
    timer: -1,
  };
}

/** A server-side connection created by an incoming SYN (the kernel answers it, not the app). */
export function acceptSyn(local: { addr: string; port: number }, syn: TcpSegment, remoteAddr: string, iss: number, rtoBase = 0): TcpConnection {
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
    rtoBase,
    unacked: NOTHING_OUTSTANDING,
    retries: 0,
    timer: -1,
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
 * What an arriving segment means for the connection it belongs to (RFC 9293 section 3.6):
 * - `peer-closed`: their FIN on an established connection: CLOSE_WAIT, the application
 *   closes when it is ready (passive close);
 * - `time-wait`: their FIN after ours was acknowledged (FIN_WAIT_2), or carrying that
 *   acknowledgement (FIN_WAIT_1): TIME_WAIT; it wants an ACK;
 * - `simultaneous-close`: their FIN crossed ours (FIN_WAIT_1, ours not yet acknowledged):
 *   CLOSING; it wants an ACK;
 * - `closing-acked`: in CLOSING, the ACK of our FIN: TIME_WAIT;
 * - `closed-by-ack`: in LAST_ACK, the ACK of our FIN: CLOSED;
 * - `fin-acked`: in FIN_WAIT_1, the ACK of our FIN: FIN_WAIT_2;
 * - `acked`: a bare ACK that took segments off the retransmission queue.
 */
export type TcpArrival =
  | 'established'
  | 'accepted'
  | 'data'
  | 'peer-closed'
  | 'time-wait'
  | 'simultaneous-close'
  | 'closing-acked'
  | 'closed-by-ack'
  | 'fin-acked'
  | 'acked'
  | 'reset'
  | 'ignored';

/**
 * Applies an arriving segment to its connection (RFC 9293 section 3.10.7, simplified).
 * Data and FIN are only taken in order; anything unexpected is ignored (ignoredReason says
 * why). `conn`, which must be writable, is updated; an ignored segment changes at most its
 * retransmission queue (an in-order segment's ACK is taken before its FIN is judged).
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
      if (conn.unacked.length > 0) acknowledge(conn, segment.ack);
      conn.state = 'ESTABLISHED';
      conn.irs = segment.seq;
      conn.rcvNxt = plus(segment.seq, 1);
      return 'established';
    }
    return 'ignored';
  }
  if (segment.seq !== conn.rcvNxt) return aheadOfExpected(conn, segment);
  const acked = bits & ACK && conn.unacked.length > 0 ? acknowledge(conn, segment.ack) : 0;
  // Our FIN is acknowledged when the ack covers everything we sent, the FIN included.
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
  if (bits & FIN) return receiveFin(conn, state, plus(rcvNxt, 1), acksOurFin);
  if (acksOurFin) {
    const next = afterFinAcked(state);
    if (next) {
      conn.state = next.state;
      return next.arrival;
    }
  }
  return acked > 0 ? 'acked' : 'ignored';
}

/** An in-order FIN (RFC 9293 section 3.10.7.4, "eighth, check the FIN bit"). */
function receiveFin(conn: WritableConnection, state: TcpState, rcvNxt: number, acksOurFin: boolean): TcpArrival {
  let arrival: TcpArrival;
  if (state === 'ESTABLISHED') {
    conn.state = 'CLOSE_WAIT';
    arrival = 'peer-closed';
  } else if (state === 'FIN_WAIT_2' || (state === 'FIN_WAIT_1' && acksOurFin)) {
    conn.state = 'TIME_WAIT';
    arrival = 'time-wait';
  } else if (state === 'FIN_WAIT_1') {
    conn.state = 'CLOSING';
    arrival = 'simultaneous-close';
  } else {
    return 'ignored';
  }
  conn.rcvNxt = rcvNxt;
  return arrival;
}

/** Where the ACK of our FIN takes a connection, by the state it is in; undefined: nowhere. */
function afterFinAcked(state: TcpState): { readonly state: TcpState; readonly arrival: TcpArrival } | undefined {
  if (state === 'FIN_WAIT_1') return FIN_ACKED;
  if (state === 'CLOSING') return CLOSING_ACKED;
  if (state === 'LAST_ACK') return LAST_ACKED;
  return undefined;
}

const FIN_ACKED = { state: 'FIN_WAIT_2', arrival: 'fin-acked' } as const;
const CLOSING_ACKED = { state: 'TIME_WAIT', arrival: 'closing-acked' } as const;
const LAST_ACKED = { state: 'CLOSED', arrival: 'closed-by-ack' } as const;

/**
 * A segment past RCV.NXT (one before it was lost) is still acceptable inside the window (RFC
 * 9293 section 3.10.7.4): its ACK counts, though its data and FIN are not kept for later.
 * Only a connection that retransmits has anything for that ACK to take; any other ignores it.
 */
function aheadOfExpected(conn: WritableConnection, segment: TcpSegment): TcpArrival {
  if (!(segment.bits & ACK) || conn.unacked.length === 0 || !seqAtOrAfter(segment.seq, conn.rcvNxt)) return 'ignored';
  if (acknowledge(conn, segment.ack) === 0) return 'ignored';
  if (conn.state === 'SYN_RCVD') {
    conn.state = 'ESTABLISHED';
    return 'acked';
  }
  const next = segment.ack === conn.sndNxt ? afterFinAcked(conn.state) : undefined;
  if (!next) return 'acked';
  conn.state = next.state;
  return next.arrival;
}

/** Why receiveSegment ignored a segment (it leaves the connection as it was). */
export function ignoredReason(conn: TcpConnection, segment: TcpSegment): string {
  if (conn.state === 'SYN_SENT') return 'unexpected segment while waiting for SYN-ACK';
  if (segment.seq !== conn.rcvNxt) return `out-of-order segment (expected seq ${conn.rcvNxt})`;
  // A FIN ignored in SYN_RCVD with an ACK cannot happen: that ACK establishes the connection first.
  if (segment.bits & FIN) return `FIN in state ${conn.state}`;
  if (conn.state === 'TIME_WAIT') return 'the connection is in TIME_WAIT';
  return 'nothing new';
}

/** The state a connection enters when its own side closes (sends FIN). */
export function closingState(state: TcpState): TcpState {
  return state === 'CLOSE_WAIT' ? 'LAST_ACK' : 'FIN_WAIT_1';
}
