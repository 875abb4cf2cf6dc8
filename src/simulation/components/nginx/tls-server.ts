import type { NodeContext } from '../../engine/simulator.ts';
import type { HttpRequestPayload, TlsPayload, TlsVersion } from '../../engine/packet.ts';
import { tcpSend } from '../tcp-endpoint.ts';
import { forgetSession, setSession, type HasTls } from '../tls-endpoint.ts';
import { handshakeTypes, serverFinished12, serverFlight, sessionTicket } from '../../protocols/tls.ts';
import { serverFor, type NginxConfig, type ServerBlock } from './config.ts';

/**
 * nginx's side of TLS (OpenSSL as its library): it answers a ClientHello with its flight,
 * takes the client's Finished, then hands the HTTP requests inside application data to the
 * proxy. Behind it everything is plain HTTP: TLS ends here.
 */

/** The newest version both sides speak: the client offers 1.3 and 1.2, nginx what ssl_protocols allows. */
function negotiated(server: ServerBlock): TlsVersion {
  return server.ssl_protocols.includes('TLSv1.3') ? 'TLS 1.3' : 'TLS 1.2';
}

/** Handles TLS records from a client; returns the HTTP request they carry, if any. */
export function serverTlsData<S extends HasTls>(ctx: NodeContext<S>, connId: string, payload: TlsPayload): HttpRequestPayload | undefined {
  const config = ctx.node.config as NginxConfig;
  if (payload.data) return payload.data.kind === 'request' ? payload.data : undefined;
  const types = handshakeTypes(payload);
  if (types[0] === 'ClientHello') {
    const hello = payload.records[0]!.handshake!;
    const field = (name: string) => hello.fields.find(([key]) => key === name)?.[1] ?? '';
    // The SNI name picks the server block, and so the certificate, among those on the port.
    const host = field('extension: server_name');
    const server = serverFor(config, ctx.state.tcp.conns.get(connId)!.localPort, host)!;
    const version = negotiated(server);
    const sessionId = field('legacy_session_id');
    setSession(ctx, connId, { version, phase: 'handshake', host, sessionId });
    tcpSend(ctx, connId, serverFlight(ctx.rng, version, sessionId, server.ssl_certificate));
    return undefined;
  }
  const session = ctx.state.tls.get(connId);
  if (!session) return undefined;
  if (types.includes('Finished') && session.phase === 'handshake') {
    setSession(ctx, connId, { ...session, phase: 'established' });
    ctx.note(`TLS handshake done with ${session.host}: ${session.version}`);
    if (session.version === 'TLS 1.3') {
      // OpenSSL sends two tickets after the client's Finished, each in its own record (as recorded).
      tcpSend(ctx, connId, sessionTicket());
      tcpSend(ctx, connId, sessionTicket());
    } else {
      tcpSend(ctx, connId, serverFinished12());
    }
    return undefined;
  }
  const fatal = payload.records.find((record) => record.alert?.level === 'fatal');
  if (fatal) {
    // nginx logs this at the info level, below the default error_log level: only the note shows it.
    ctx.note(`TLS alert from the client: ${fatal.alert!.description}; the handshake failed`);
    forgetSession(ctx, connId);
  }
  return undefined;
}
