import type { NodeContext } from '../engine/simulator.ts';
import type { HttpRequestPayload, HttpResponsePayload, TlsVersion } from '../engine/packet.ts';
import { tableDelete, tableSet, type Table } from '../engine/table.ts';
import { alert, applicationData } from '../protocols/tls.ts';
import { tcpClose, tcpSend, type HasTcp } from './tcp-endpoint.ts';

/**
 * A node's TLS sessions, one per TCP connection that speaks TLS. HTTP code sends and closes
 * through secureSend() and secureClose(), which seal the message in application data once a
 * session is established and leave a plain connection alone.
 */
export interface TlsSession {
  readonly version: TlsVersion;
  /** handshake: messages are still being exchanged; established: both Finished are in. */
  readonly phase: 'handshake' | 'established';
  /** The name the client asked for (SNI). */
  readonly host: string;
  /** The ClientHello's legacy_session_id, which a TLS 1.3 server echoes. */
  readonly sessionId: string;
}

export interface HasTls extends HasTcp {
  readonly tls: Table<TlsSession>;
}

export function setSession<S extends HasTls>(ctx: NodeContext<S>, connId: string, session: TlsSession): void {
  const state = ctx.draft();
  state.tls = tableSet(state.tls, connId, session, ctx.inPlace);
}

export function forgetSession<S extends HasTls>(ctx: NodeContext<S>, connId: string): void {
  if (!ctx.state.tls.has(connId)) return;
  const state = ctx.draft();
  state.tls = tableDelete(state.tls, connId, ctx.inPlace);
}

/** Sends an HTTP message: sealed in a TLS record on a secure connection, as it is on a plain one. */
export function secureSend<S extends HasTls>(ctx: NodeContext<S>, connId: string, message: HttpRequestPayload | HttpResponsePayload): void {
  const session = ctx.state.tls.get(connId);
  tcpSend(ctx, connId, session?.phase === 'established' ? applicationData(session.version, message) : message);
}

/** Closes a connection; on a secure one the close_notify alert goes first (RFC 8446 section 6.1), as nginx sends it. */
export function secureClose<S extends HasTls>(ctx: NodeContext<S>, connId: string): void {
  const session = ctx.state.tls.get(connId);
  const conn = ctx.state.tcp.conns.get(connId);
  if (session?.phase === 'established' && (conn?.state === 'ESTABLISHED' || conn?.state === 'CLOSE_WAIT')) tcpSend(ctx, connId, alert(session.version, 'warning', 'close_notify'));
  forgetSession(ctx, connId);
  tcpClose(ctx, connId);
}
