import type { NodeContext } from '../engine/simulator.ts';
import type { AppPayload, Packet, TcpSegment } from '../engine/packet.ts';
import type { Rng } from '../engine/rng.ts';
import type { TcpFlag } from '../model/message.ts';
import { tableDelete, tableSet, type Table } from '../engine/table.ts';
import { appByteLength } from '../protocols/layers.ts';
import {
  EPHEMERAL_PORT_MAX,
  EPHEMERAL_PORT_MIN,
  acceptSyn,
  closingState,
  connectionKey,
  openConnection,
  receiveSegment,
  segmentFrom,
  type TcpConnection,
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

function withConn<S extends HasTcp>(state: S, conn: TcpConnection | undefined, id: string, inPlace: boolean): S {
  const conns = conn ? tableSet(state.tcp.conns, id, conn, inPlace) : tableDelete(state.tcp.conns, id, inPlace);
  return conns === state.tcp.conns ? state : { ...state, tcp: { ...state.tcp, conns } };
}

/** Takes the next ephemeral port, wrapping inside Linux's range. */
export function takePort<S extends HasTcp>(ctx: NodeContext<S>): number {
  const port = ctx.state.tcp.nextPort;
  const next = port >= EPHEMERAL_PORT_MAX ? EPHEMERAL_PORT_MIN : port + 1;
  ctx.setState({ ...ctx.state, tcp: { ...ctx.state.tcp, nextPort: next } });
  return port;
}

/** Opens a connection (sends SYN) and returns its id. */
export function tcpConnect<S extends HasTcp>(ctx: NodeContext<S>, remoteAddr: string, remotePort: number): string {
  const localPort = takePort(ctx);
  const conn = openConnection({ addr: ctx.node.address ?? '0.0.0.0', port: localPort }, { addr: remoteAddr, port: remotePort }, ctx.rng.int(0, 0xffffffff));
  const [syn, sent] = segmentFrom(conn, ['SYN'], 0);
  ctx.setState(withConn(ctx.state, sent, conn.id, ctx.inPlace));
  ctx.send(remoteAddr, syn, null);
  return conn.id;
}

function transmit<S extends HasTcp>(ctx: NodeContext<S>, connId: string, flags: readonly TcpFlag[], app: AppPayload | null, update?: (conn: TcpConnection) => TcpConnection): void {
  const conn = ctx.state.tcp.conns.get(connId);
  if (!conn) return;
  const [segment, sent] = segmentFrom(conn, flags, appByteLength(app));
  ctx.setState(withConn(ctx.state, update ? update(sent) : sent, connId, ctx.inPlace));
  ctx.send(conn.remoteAddr, segment, app);
}

/** Sends application data on an established connection. */
export function tcpSend<S extends HasTcp>(ctx: NodeContext<S>, connId: string, app: AppPayload): void {
  transmit(ctx, connId, ['PSH', 'ACK'], app);
}

/** Closes this side of a connection: FIN, ACK. */
export function tcpClose<S extends HasTcp>(ctx: NodeContext<S>, connId: string): void {
  transmit(ctx, connId, ['FIN', 'ACK'], null, (conn) => ({ ...conn, state: closingState(ctx.state.tcp.conns.get(connId)!.state) }));
}

export interface TcpHandlers {
  /** Ports this node accepts connections on. */
  readonly listening?: (port: number) => boolean;
  /** Our SYN was answered: the connection is ready to send. */
  readonly onEstablished?: (connId: string) => void;
  /** Data arrived in order. */
  readonly onData?: (connId: string, app: AppPayload | null) => void;
  /** The peer sent FIN. Close here to answer FIN, ACK at once; otherwise a bare ACK is sent. */
  readonly onPeerClosed?: (connId: string) => void;
  /** The connection is gone (both FINs acknowledged). */
  readonly onClosed?: (conn: TcpConnection) => void;
  /** The peer answered RST: nobody listens there, or it aborted. */
  readonly onReset?: (conn: TcpConnection) => void;
}

/** Handles an arriving TCP segment: the handshake, data, orderly close and resets. */
export function tcpReceive<S extends HasTcp>(ctx: NodeContext<S>, packet: Packet, handlers: TcpHandlers): void {
  const segment = packet.transport as TcpSegment;
  const key = connectionKey(segment.dstPort, packet.srcAddr, segment.srcPort);
  const conn = ctx.state.tcp.conns.get(key);
  if (!conn) {
    acceptOrRefuse(ctx, packet, segment, handlers);
    return;
  }
  const arrival = receiveSegment(conn, segment, segment.len);
  switch (arrival.kind) {
    case 'established': {
      ctx.setState(withConn(ctx.state, arrival.conn, key, ctx.inPlace));
      transmit(ctx, key, ['ACK'], null);
      handlers.onEstablished?.(key);
      return;
    }
    case 'accepted':
    case 'fin-acked':
      ctx.setState(withConn(ctx.state, arrival.conn, key, ctx.inPlace));
      return;
    case 'data':
      ctx.setState(withConn(ctx.state, arrival.conn, key, ctx.inPlace));
      handlers.onData?.(key, packet.app);
      return;
    case 'peer-closed':
      ctx.setState(withConn(ctx.state, arrival.conn, key, ctx.inPlace));
      if (segment.len > 0) handlers.onData?.(key, packet.app);
      handlers.onPeerClosed?.(key);
      if (ctx.state.tcp.conns.get(key)?.state === 'CLOSE_WAIT') transmit(ctx, key, ['ACK'], null);
      return;
    case 'closed':
      ctx.setState(withConn(ctx.state, arrival.conn, key, ctx.inPlace));
      if (arrival.reply) transmit(ctx, key, ['ACK'], null);
      ctx.setState(withConn(ctx.state, undefined, key, ctx.inPlace));
      handlers.onClosed?.(arrival.conn);
      return;
    case 'reset':
      ctx.setState(withConn(ctx.state, undefined, key, ctx.inPlace));
      handlers.onReset?.(arrival.conn);
      return;
    case 'ignored':
      ctx.note(`Ignored a TCP segment on ${packet.srcAddr}:${segment.srcPort}: ${arrival.reason}`);
      return;
  }
}

function acceptOrRefuse<S extends HasTcp>(ctx: NodeContext<S>, packet: Packet, segment: TcpSegment, handlers: TcpHandlers): void {
  const isSyn = segment.flags.includes('SYN') && !segment.flags.includes('ACK');
  if (!isSyn) {
    ctx.note(`Ignored a TCP segment for no known connection from ${packet.srcAddr}:${segment.srcPort}`);
    return;
  }
  const local = { addr: ctx.node.address ?? '0.0.0.0', port: segment.dstPort };
  if (handlers.listening?.(segment.dstPort)) {
    // The kernel completes the handshake before the application calls accept().
    const conn = acceptSyn(local, segment, packet.srcAddr, ctx.rng.int(0, 0xffffffff));
    ctx.setState(withConn(ctx.state, conn, conn.id, ctx.inPlace));
    transmit(ctx, conn.id, ['SYN', 'ACK'], null);
    return;
  }
  // Nobody listens on this port: the kernel answers RST, ACK (RFC 9293 section 3.10.7.1).
  const rst: TcpSegment = {
    transport: 'tcp',
    srcPort: segment.dstPort,
    dstPort: segment.srcPort,
    flags: ['RST', 'ACK'],
    seq: 0,
    ack: (segment.seq + 1) >>> 0,
    baseSeq: 0,
    baseAck: segment.seq,
    len: 0,
  };
  ctx.send(packet.srcAddr, rst, null);
}

/** Connections counted by state, for a node's status line. */
export function openConnections(table: TcpTable): number {
  return table.conns.size;
}
