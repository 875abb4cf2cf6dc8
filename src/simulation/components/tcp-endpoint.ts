import type { LazyText, NodeContext } from '../engine/simulator.ts';
import type { AppPayload, Packet, TcpSegment } from '../engine/packet.ts';
import type { Rng } from '../engine/rng.ts';
import { tableDelete, tableSet, type Table, type Writable } from '../engine/table.ts';
import { appByteLength } from '../protocols/layers.ts';
import {
  ACK,
  EPHEMERAL_PORT_MAX,
  EPHEMERAL_PORT_MIN,
  FALLBACK_RTO_MS,
  FLAGS,
  INITIAL_RTO_MS,
  SYN,
  TIME_WAIT_MS,
  acceptSyn,
  closingState,
  connectionKey,
  currentRto,
  ignoredReason,
  isDuplicate,
  openConnection,
  receiveSegment,
  retryLimit,
  segmentEnd,
  segmentFrom,
  type Outstanding,
  type TcpConnection,
  type TcpFlags,
  type WritableConnection,
} from '../protocols/tcp.ts';

/** A node's sockets: its TCP connections and the next ephemeral port it will use. */
export interface TcpTable {
  readonly conns: Table<TcpConnection>;
  readonly nextPort: number;
}

export interface HasTcp {
  readonly tcp: TcpTable;
}

export function newTcpTable(rng: Rng): TcpTable {
  return { conns: new Map(), nextPort: rng.int(EPHEMERAL_PORT_MIN, EPHEMERAL_PORT_MAX) };
}

/**
 * The node's TCP table, ready to change: in a load run the table itself; in a playback a
 * copy in a copy of the state, so earlier snapshots keep theirs.
 */
function writableTcp<S extends HasTcp>(ctx: NodeContext<S>): Writable<TcpTable> {
  const state = ctx.draft() as Writable<HasTcp>;
  if (!ctx.inPlace) state.tcp = { ...state.tcp };
  return state.tcp as Writable<TcpTable>;
}

function storeConn<S extends HasTcp>(ctx: NodeContext<S>, conn: TcpConnection): void {
  const tcp = writableTcp(ctx);
  tcp.conns = tableSet(tcp.conns, conn.id, conn, ctx.inPlace);
}

/** Forgets a connection and cancels its timer, unless that timer is the one firing now. */
function dropConn<S extends HasTcp>(ctx: NodeContext<S>, id: string, timerFiring = false): void {
  const conn = ctx.state.tcp.conns.get(id);
  if (!conn) return;
  if (conn.timer >= 0 && !timerFiring) ctx.cancelTimer(conn.timer);
  const tcp = writableTcp(ctx);
  tcp.conns = tableDelete(tcp.conns, id, ctx.inPlace);
}

/** A connection to change: itself in a load run, a copy (stored again afterwards) in a playback. */
function changing<S extends HasTcp>(ctx: NodeContext<S>, conn: TcpConnection): WritableConnection {
  return ctx.inPlace ? (conn as WritableConnection) : { ...conn };
}

/** Takes the next ephemeral port, wrapping inside Linux's range. */
export function takePort<S extends HasTcp>(ctx: NodeContext<S>): number {
  const tcp = writableTcp(ctx);
  const port = tcp.nextPort;
  tcp.nextPort = port >= EPHEMERAL_PORT_MAX ? EPHEMERAL_PORT_MIN : port + 1;
  return port;
}

/**
 * Retransmission (RFC 6298, RFC 9293 section 3.8.1), only on a connection whose link can lose
 * packets (`rtoBase` > 0). There, each segment that takes sequence space (SYN, FIN, data) is
 * kept until acknowledged, and one timer per connection runs while any is outstanding: it
 * starts at 1 s, restarts when an ACK takes something off the queue, and on expiry sends the
 * oldest segment again and doubles (up to Linux's limits, then the connection times out).
 * The receiver acknowledges each data segment at once and answers a duplicate with an ACK.
 * On a lossless link nothing is lost, so none of this runs: no timers, no extra ACKs, and the
 * trace is the same as before retransmission existed.
 */
export class TcpTimer {
  constructor(
    readonly kind: 'rto' | 'time-wait',
    readonly connId: string,
  ) {}
}

/** A timer's summary, written only when read. */
class TimerNote implements LazyText {
  constructor(
    private readonly kind: TcpTimer['kind'],
    private readonly conn: TcpConnection,
    private readonly ms: number,
  ) {}

  text(): string {
    const { localAddr, localPort, remoteAddr, remotePort } = this.conn;
    const pair = `${localAddr}:${localPort} → ${remoteAddr}:${remotePort}`;
    return this.kind === 'rto' ? `TCP retransmission timeout (RTO ${seconds(this.ms)}) on ${pair}` : `TIME_WAIT over after ${seconds(this.ms)} on ${pair}: connection forgotten`;
  }
}

const seconds = (ms: number): string => `${ms / 1000} s`;

function armRto<S extends HasTcp>(ctx: NodeContext<S>, conn: TcpConnection): number {
  const rto = currentRto(conn);
  return ctx.timer(rto, new TcpTimer('rto', conn.id), new TimerNote('rto', conn, rto));
}

/** Keeps a segment that takes sequence space for retransmission, and starts the timer if it is not running. */
function track<S extends HasTcp>(ctx: NodeContext<S>, conn: WritableConnection, segment: TcpSegment, app: AppPayload | null): void {
  const end = segmentEnd(segment);
  if (end === segment.seq) return;
  const entry: Outstanding = { segment, app, end };
  if (ctx.inPlace && conn.unacked.length > 0) (conn.unacked as Outstanding[]).push(entry);
  else conn.unacked = [...conn.unacked, entry];
  if (conn.timer < 0) conn.timer = armRto(ctx, conn);
}

/** An ACK took segments off the queue (RFC 6298 section 5.2, 5.3): reset the backoff and restart or stop the timer. */
function acknowledged<S extends HasTcp>(ctx: NodeContext<S>, conn: WritableConnection, before: readonly Outstanding[]): void {
  if (conn.timer >= 0) ctx.cancelTimer(conn.timer);
  conn.timer = -1;
  // RFC 6298 section 5.7: after a retransmitted SYN, data starts with an RTO of 3 s.
  if (conn.retries > 0 && before[0]!.segment.bits & SYN) conn.rtoBase = FALLBACK_RTO_MS;
  conn.retries = 0;
  if (conn.unacked.length > 0) conn.timer = armRto(ctx, conn);
}

/** Opens a connection (sends SYN) and returns its id. */
export function tcpConnect<S extends HasTcp>(ctx: NodeContext<S>, remoteAddr: string, remotePort: number): string {
  // connect() never picks a port whose four-tuple is still in use (in TIME_WAIT, say).
  let localPort = takePort(ctx);
  const conns = ctx.state.tcp.conns;
  for (let tries = 0; conns.has(connectionKey(localPort, remoteAddr, remotePort)) && tries < EPHEMERAL_PORT_MAX - EPHEMERAL_PORT_MIN; tries++) localPort = takePort(ctx);
  const rtoBase = ctx.canLose(remoteAddr) ? INITIAL_RTO_MS : 0;
  const conn = openConnection({ addr: ctx.node.address ?? '0.0.0.0', port: localPort }, { addr: remoteAddr, port: remotePort }, ctx.rng.int(0, 0xffffffff), rtoBase);
  // A new object nobody has seen yet: safe to change before storing it.
  const syn = segmentFrom(conn as WritableConnection, FLAGS.SYN, 0);
  if (rtoBase > 0) track(ctx, conn as WritableConnection, syn, null);
  storeConn(ctx, conn);
  ctx.send(remoteAddr, syn, null);
  return conn.id;
}

function transmit<S extends HasTcp>(ctx: NodeContext<S>, connId: string, flags: TcpFlags, app: AppPayload | null, closing = false): void {
  const conn = ctx.state.tcp.conns.get(connId);
  if (!conn) return;
  const next = changing(ctx, conn);
  const segment = segmentFrom(next, flags, appByteLength(app));
  if (closing) next.state = closingState(next.state);
  if (next.rtoBase > 0) track(ctx, next, segment, app);
  if (!ctx.inPlace) storeConn(ctx, next);
  ctx.send(next.remoteAddr, segment, app);
}

/**
 * The oldest unacknowledged segment, sent again: the same sequence number, flags and payload,
 * with the acknowledgement number as it is now (RFC 9293 section 3.4: every segment's ACK
 * field is RCV.NXT; Linux rebuilds the header the same way).
 */
function resendOldest<S extends HasTcp>(ctx: NodeContext<S>, conn: TcpConnection): void {
  const oldest = conn.unacked[0];
  if (!oldest) return;
  const original = oldest.segment;
  const segment: TcpSegment = { ...original, ack: original.bits & ACK ? conn.rcvNxt : 0, retransmission: true };
  ctx.send(conn.remoteAddr, segment, oldest.app);
}

/**
 * Handles a node's timer if it is one of TCP's (retransmission, end of TIME_WAIT) and returns
 * true; false for the node's own timers. Each kind's onTimer calls it first.
 */
export function tcpTimer<S extends HasTcp>(ctx: NodeContext<S>, payload: unknown, handlers: TcpHandlers<S>): boolean {
  if (!(payload instanceof TcpTimer)) return false;
  const conn = ctx.state.tcp.conns.get(payload.connId);
  if (!conn) return true;
  if (payload.kind === 'time-wait') {
    if (conn.state === 'TIME_WAIT') dropConn(ctx, conn.id, true);
    return true;
  }
  const next = changing(ctx, conn);
  next.timer = -1;
  if (next.unacked.length === 0) {
    if (!ctx.inPlace) storeConn(ctx, next);
    return true;
  }
  if (next.retries >= retryLimit(next)) {
    if (!ctx.inPlace) storeConn(ctx, next);
    dropConn(ctx, next.id);
    const what = next.state === 'SYN_SENT' ? 'connect()' : next.state === 'SYN_RCVD' ? 'the handshake' : 'the connection';
    ctx.note(`TCP gave up on ${next.remoteAddr}:${next.remotePort} after ${next.retries} retransmissions: ${what} timed out (110: Connection timed out)`);
    handlers.onTimedOut?.(ctx, next);
    return true;
  }
  next.retries += 1;
  next.timer = armRto(ctx, next);
  if (!ctx.inPlace) storeConn(ctx, next);
  resendOldest(ctx, next);
  return true;
}

/**
 * The side that closed first waits in TIME_WAIT for 2 MSL (Linux: 60 s) before it forgets the
 * connection (RFC 9293 section 3.6), to answer a FIN sent again if its last ACK was lost. The
 * state is already TIME_WAIT (receiveSegment set it); this starts the timer that ends it.
 * Where no segment can be lost there is nothing to answer: the connection is forgotten at
 * once. (A load run closes thousands of connections a minute; 60-second timers for each cost
 * more than half the engine's speed, see docs/protocols/tcp.md.)
 */
function startTimeWait<S extends HasTcp>(ctx: NodeContext<S>, connId: string): void {
  const conn = ctx.state.tcp.conns.get(connId);
  if (!conn) return;
  if (conn.rtoBase === 0) {
    dropConn(ctx, connId);
    return;
  }
  const next = changing(ctx, conn);
  if (next.timer >= 0) ctx.cancelTimer(next.timer);
  next.timer = ctx.timer(TIME_WAIT_MS, new TcpTimer('time-wait', connId), new TimerNote('time-wait', next, TIME_WAIT_MS));
  if (!ctx.inPlace) storeConn(ctx, next);
}

/**
 * A segment we already have came again. A repeated SYN means our SYN-ACK was lost: send it
 * again (Linux does). Anything else is acknowledged again and not passed to the application.
 */
function answerDuplicate<S extends HasTcp>(ctx: NodeContext<S>, conn: TcpConnection, packet: Packet, segment: TcpSegment): void {
  const from = `${packet.srcAddr}:${segment.srcPort}`;
  if (conn.state === 'SYN_RCVD' && segment.bits & SYN) {
    ctx.note(`Repeated SYN from ${from}: sending the SYN-ACK again`);
    resendOldest(ctx, conn);
    return;
  }
  ctx.note(`Duplicate TCP segment from ${from} (already received): acknowledged again, not passed on`);
  transmit(ctx, conn.id, FLAGS.ACK, null);
}

/** Sends application data on an established connection. */
export function tcpSend<S extends HasTcp>(ctx: NodeContext<S>, connId: string, app: AppPayload): void {
  const state = ctx.state.tcp.conns.get(connId)?.state;
  // A write after close() or on a connection that is gone fails (EPIPE): nothing is sent.
  if (state !== 'ESTABLISHED' && state !== 'CLOSE_WAIT') return;
  transmit(ctx, connId, FLAGS.PSH_ACK, app);
}

/**
 * Closes this side of a connection, as close() does: FIN, ACK from an open connection
 * (ESTABLISHED: FIN_WAIT_1; CLOSE_WAIT: LAST_ACK). A connection still in SYN_SENT is simply
 * forgotten (RFC 9293 section 3.10.4); one already closing is left alone, so calling this
 * twice sends one FIN.
 */
export function tcpClose<S extends HasTcp>(ctx: NodeContext<S>, connId: string): void {
  const conn = ctx.state.tcp.conns.get(connId);
  if (!conn) return;
  const state = conn.state;
  if (state === 'SYN_SENT') dropConn(ctx, connId);
  else if (state === 'ESTABLISHED' || state === 'SYN_RCVD' || state === 'CLOSE_WAIT') transmit(ctx, connId, FLAGS.FIN_ACK, null, true);
}

/**
 * What a node does on TCP events. One object per kind, made once: each handler gets the
 * context, so receiving a segment creates no closures.
 */
export interface TcpHandlers<S> {
  /** Ports this node accepts connections on. */
  readonly listening?: (ctx: NodeContext<S>, port: number) => boolean;
  /** Our SYN was answered: the connection is ready to send. */
  readonly onEstablished?: (ctx: NodeContext<S>, connId: string) => void;
  /** A connection to a listening port completed its handshake (accept() returns it). */
  readonly onAccepted?: (ctx: NodeContext<S>, connId: string) => void;
  /** Data arrived in order. */
  readonly onData?: (ctx: NodeContext<S>, connId: string, app: AppPayload | null) => void;
  /**
   * The peer sent FIN (the application reads end of file). Close here to answer FIN, ACK at
   * once; a handler that does not close leaves the connection half-closed (CLOSE_WAIT) and a
   * bare ACK is sent. A kind with no handler closes at once: every program modelled here
   * closes its socket when it reads end of file.
   */
  readonly onPeerClosed?: (ctx: NodeContext<S>, connId: string) => void;
  /**
   * This side is done with the connection: both FINs are acknowledged (the connection is
   * gone, or waits in TIME_WAIT, which only the kernel sees).
   */
  readonly onClosed?: (ctx: NodeContext<S>, conn: TcpConnection) => void;
  /** The peer answered RST: nobody listens there, or it aborted. */
  readonly onReset?: (ctx: NodeContext<S>, conn: TcpConnection) => void;
  /** Retransmission gave up (ETIMEDOUT): the connection is gone. Only on lossy links. */
  readonly onTimedOut?: (ctx: NodeContext<S>, conn: TcpConnection) => void;
}

/** Handles an arriving TCP segment: the handshake, data, orderly close and resets. */
export function tcpReceive<S extends HasTcp>(ctx: NodeContext<S>, packet: Packet, handlers: TcpHandlers<S>): void {
  const segment = packet.transport as TcpSegment;
  const key = segment.key;
  const conn = ctx.state.tcp.conns.get(key);
  if (!conn) {
    acceptOrRefuse(ctx, packet, segment, handlers);
    return;
  }
  if (conn.state === 'TIME_WAIT' && (segment.bits & (SYN | ACK)) === SYN) {
    // A new connection reuses the four-tuple: Linux lets a SYN end TIME_WAIT early (RFC 6191).
    ctx.note(`New SYN from ${packet.srcAddr}:${segment.srcPort} ends TIME_WAIT: the old connection is forgotten`);
    dropConn(ctx, key);
    acceptOrRefuse(ctx, packet, segment, handlers);
    return;
  }
  const reliable = conn.rtoBase > 0;
  if (reliable && isDuplicate(conn, segment)) {
    answerDuplicate(ctx, conn, packet, segment);
    return;
  }
  const next = changing(ctx, conn);
  const before = conn.unacked;
  const expected = conn.rcvNxt;
  const arrival = receiveSegment(next, segment, segment.len);
  const acked = next.unacked !== before;
  if (acked) acknowledged(ctx, next, before);
  if (arrival === 'ignored') {
    if (acked && !ctx.inPlace) storeConn(ctx, next);
    ctx.note(`Ignored a TCP segment on ${packet.srcAddr}:${segment.srcPort}: ${ignoredReason(conn, segment)}`);
    return;
  }
  if (!ctx.inPlace && arrival !== 'reset') storeConn(ctx, next);
  if (reliable && segment.seq !== expected && segmentEnd(segment) !== segment.seq) {
    ctx.note(`Out-of-order TCP segment from ${packet.srcAddr}:${segment.srcPort} (expected seq ${expected}): took its ACK, dropped the rest`);
  }
  switch (arrival) {
    case 'established':
      transmit(ctx, key, FLAGS.ACK, null);
      handlers.onEstablished?.(ctx, key);
      return;
    case 'accepted':
      handlers.onAccepted?.(ctx, key);
      return;
    case 'fin-acked':
    case 'acked':
      return;
    case 'data': {
      const sent = next.sndNxt;
      handlers.onData?.(ctx, key, packet.app);
      // Where segments can be lost, data is acknowledged at once unless the answer already carried the ACK.
      if (reliable && ctx.state.tcp.conns.get(key)?.sndNxt === sent) transmit(ctx, key, FLAGS.ACK, null);
      return;
    }
    case 'peer-closed':
      if (segment.len > 0) handlers.onData?.(ctx, key, packet.app);
      if (handlers.onPeerClosed) handlers.onPeerClosed(ctx, key);
      else tcpClose(ctx, key);
      if (ctx.state.tcp.conns.get(key)?.state === 'CLOSE_WAIT') transmit(ctx, key, FLAGS.ACK, null);
      return;
    case 'simultaneous-close':
      // Both sides sent FIN at once: acknowledge theirs and wait in CLOSING for the ACK of ours.
      if (segment.len > 0) handlers.onData?.(ctx, key, packet.app);
      transmit(ctx, key, FLAGS.ACK, null);
      return;
    case 'time-wait':
      if (segment.len > 0) handlers.onData?.(ctx, key, packet.app);
      transmit(ctx, key, FLAGS.ACK, null);
      startTimeWait(ctx, key);
      handlers.onClosed?.(ctx, next);
      return;
    case 'closing-acked':
      startTimeWait(ctx, key);
      handlers.onClosed?.(ctx, next);
      return;
    case 'closed-by-ack':
      dropConn(ctx, key);
      handlers.onClosed?.(ctx, next);
      return;
    case 'reset':
      dropConn(ctx, key);
      handlers.onReset?.(ctx, next);
      return;
  }
}

function acceptOrRefuse<S extends HasTcp>(ctx: NodeContext<S>, packet: Packet, segment: TcpSegment, handlers: TcpHandlers<S>): void {
  const isSyn = (segment.bits & (SYN | ACK)) === SYN;
  if (!isSyn) {
    ctx.note(`Ignored a TCP segment for no known connection from ${packet.srcAddr}:${segment.srcPort}`);
    return;
  }
  const local = { addr: ctx.node.address ?? '0.0.0.0', port: segment.dstPort };
  if (handlers.listening?.(ctx, segment.dstPort)) {
    // The kernel completes the handshake before the application calls accept().
    const conn = acceptSyn(local, segment, packet.srcAddr, ctx.rng.int(0, 0xffffffff), ctx.canLose(packet.srcAddr) ? INITIAL_RTO_MS : 0);
    storeConn(ctx, conn);
    transmit(ctx, conn.id, FLAGS.SYN_ACK, null);
    return;
  }
  // Nobody listens on this port: the kernel answers RST, ACK (RFC 9293 section 3.10.7.1).
  const rst: TcpSegment = {
    transport: 'tcp',
    srcPort: segment.dstPort,
    dstPort: segment.srcPort,
    flags: FLAGS.RST_ACK.list,
    bits: FLAGS.RST_ACK.bits,
    seq: 0,
    ack: (segment.seq + 1) >>> 0,
    baseSeq: 0,
    baseAck: segment.seq,
    len: 0,
    key: connectionKey(segment.srcPort, local.addr, segment.dstPort),
  };
  ctx.send(packet.srcAddr, rst, null);
}

/** Connections counted by state, for a node's status line. */
export function openConnections(table: TcpTable): number {
  return table.conns.size;
}
