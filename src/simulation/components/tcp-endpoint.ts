import type { NodeContext } from '../engine/simulator.ts';
import type { AppPayload, Packet, TcpSegment } from '../engine/packet.ts';
import type { Rng } from '../engine/rng.ts';
import { tableDelete, tableSet, type Table, type Writable } from '../engine/table.ts';
import { appByteLength } from '../protocols/layers.ts';
import {
  ACK,
  EPHEMERAL_PORT_MAX,
  EPHEMERAL_PORT_MIN,
  FLAGS,
  SYN,
  acceptSyn,
  closingState,
  connectionKey,
  ignoredReason,
  openConnection,
  receiveSegment,
  segmentFrom,
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

function dropConn<S extends HasTcp>(ctx: NodeContext<S>, id: string): void {
  if (!ctx.state.tcp.conns.has(id)) return;
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

/** Opens a connection (sends SYN) and returns its id. */
export function tcpConnect<S extends HasTcp>(ctx: NodeContext<S>, remoteAddr: string, remotePort: number): string {
  const localPort = takePort(ctx);
  const conn = openConnection({ addr: ctx.node.address ?? '0.0.0.0', port: localPort }, { addr: remoteAddr, port: remotePort }, ctx.rng.int(0, 0xffffffff));
  // A new object nobody has seen yet: safe to change before storing it.
  const syn = segmentFrom(conn as WritableConnection, FLAGS.SYN, 0);
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
  if (!ctx.inPlace) storeConn(ctx, next);
  ctx.send(next.remoteAddr, segment, app);
}

/** Sends application data on an established connection. */
export function tcpSend<S extends HasTcp>(ctx: NodeContext<S>, connId: string, app: AppPayload): void {
  transmit(ctx, connId, FLAGS.PSH_ACK, app);
}

/** Closes this side of a connection: FIN, ACK. */
export function tcpClose<S extends HasTcp>(ctx: NodeContext<S>, connId: string): void {
  transmit(ctx, connId, FLAGS.FIN_ACK, null, true);
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
  /** Data arrived in order. */
  readonly onData?: (ctx: NodeContext<S>, connId: string, app: AppPayload | null) => void;
  /** The peer sent FIN. Close here to answer FIN, ACK at once; otherwise a bare ACK is sent. */
  readonly onPeerClosed?: (ctx: NodeContext<S>, connId: string) => void;
  /** The connection is gone (both FINs acknowledged). */
  readonly onClosed?: (ctx: NodeContext<S>, conn: TcpConnection) => void;
  /** The peer answered RST: nobody listens there, or it aborted. */
  readonly onReset?: (ctx: NodeContext<S>, conn: TcpConnection) => void;
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
  const next = changing(ctx, conn);
  const arrival = receiveSegment(next, segment, segment.len);
  if (arrival === 'ignored') {
    ctx.note(`Ignored a TCP segment on ${packet.srcAddr}:${segment.srcPort}: ${ignoredReason(conn, segment)}`);
    return;
  }
  if (!ctx.inPlace && arrival !== 'reset') storeConn(ctx, next);
  switch (arrival) {
    case 'established':
      transmit(ctx, key, FLAGS.ACK, null);
      handlers.onEstablished?.(ctx, key);
      return;
    case 'accepted':
    case 'fin-acked':
      return;
    case 'data':
      handlers.onData?.(ctx, key, packet.app);
      return;
    case 'peer-closed':
      if (segment.len > 0) handlers.onData?.(ctx, key, packet.app);
      handlers.onPeerClosed?.(ctx, key);
      if (ctx.state.tcp.conns.get(key)?.state === 'CLOSE_WAIT') transmit(ctx, key, FLAGS.ACK, null);
      return;
    case 'closed':
      transmit(ctx, key, FLAGS.ACK, null);
      dropConn(ctx, key);
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
    const conn = acceptSyn(local, segment, packet.srcAddr, ctx.rng.int(0, 0xffffffff));
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
