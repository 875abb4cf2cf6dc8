import type { NodeContext } from '../../engine/simulator.ts';
import type { HttpResponsePayload, TlsPayload } from '../../engine/packet.ts';
import { verifyChain } from '../../protocols/certificates.ts';
import { RUN_EPOCH_MS } from '../../protocols/http.ts';
import { alert, clientFinished, clientHello, handshakeTypes } from '../../protocols/tls.ts';
import { tcpSend } from '../tcp-endpoint.ts';
import { forgetSession, setSession, type HasTls } from '../tls-endpoint.ts';
import type { BrowserConfig } from './config.ts';

/**
 * Chromium's side of TLS (BoringSSL): ClientHello on a fresh connection to an https:// URL,
 * the server's certificate chain judged when it arrives, then the client's Finished. With
 * TLS 1.3 the request may follow at once (1-RTT); with TLS 1.2 it waits for the server's
 * Finished (2-RTT: Chromium no longer uses False Start).
 */

/** What the browser makes of a segment of TLS records. */
export type TlsOutcome =
  | { readonly kind: 'waiting' }
  | { readonly kind: 'established' }
  | { readonly kind: 'response'; readonly response: HttpResponsePayload }
  | { readonly kind: 'failed'; readonly code: string; readonly explanation: string };

const WAITING: TlsOutcome = { kind: 'waiting' };
const ESTABLISHED: TlsOutcome = { kind: 'established' };

/** Opens TLS on a connection that just connected: sends the ClientHello with the host as SNI. */
export function startTls<S extends HasTls>(ctx: NodeContext<S>, connId: string, host: string): void {
  const hello = clientHello(ctx.rng, host);
  const sessionId = hello.records[0]!.handshake!.fields.find(([name]) => name === 'legacy_session_id')![1];
  setSession(ctx, connId, { version: 'TLS 1.3', phase: 'handshake', host, sessionId });
  tcpSend(ctx, connId, hello);
}

/** Handles TLS records from the server. */
export function clientTlsData<S extends HasTls>(ctx: NodeContext<S>, connId: string, payload: TlsPayload): TlsOutcome {
  const session = ctx.state.tls.get(connId);
  if (!session) return WAITING;
  if (payload.data) return payload.data.kind === 'response' ? { kind: 'response', response: payload.data } : WAITING;
  const types = handshakeTypes(payload);
  if (types[0] === 'ServerHello') {
    const version = payload.version;
    const chain = payload.records.find((record) => record.handshake?.type === 'Certificate')?.handshake?.certificates ?? [];
    const config = ctx.node.config as BrowserConfig;
    const verdict = verifyChain(chain, session.host, RUN_EPOCH_MS + ctx.now, config.trustStore);
    if (!verdict.ok) {
      // BoringSSL ends the handshake with a fatal alert: under the handshake keys in 1.3, in clear in 1.2.
      tcpSend(ctx, connId, alert(version, 'fatal', 'certificate_unknown', version === 'TLS 1.3'));
      forgetSession(ctx, connId);
      ctx.note(`Certificate refused: ${verdict.detail}`);
      return { kind: 'failed', code: verdict.code, explanation: `${verdict.explanation} ${verdict.detail}` };
    }
    ctx.note(`Certificate accepted: ${verdict.path.join(' → ')}`);
    tcpSend(ctx, connId, clientFinished(ctx.rng, version));
    if (version === 'TLS 1.3') {
      setSession(ctx, connId, { ...session, version, phase: 'established' });
      ctx.note(`TLS 1.3 handshake done with ${session.host}: 1 round trip`);
      return ESTABLISHED;
    }
    setSession(ctx, connId, { ...session, version, phase: 'handshake' });
    return WAITING;
  }
  if (types.includes('Finished') && session.phase === 'handshake') {
    setSession(ctx, connId, { ...session, phase: 'established' });
    ctx.note(`TLS 1.2 handshake done with ${session.host}: 2 round trips`);
    return ESTABLISHED;
  }
  if (types.includes('NewSessionTicket')) ctx.note(`Session ticket from ${session.host} stored, for a faster handshake next time`);
  return WAITING;
}
