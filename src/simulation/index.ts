/**
 * Stackscope's engine: the public surface. The CLI, the UI, the benchmark and the tests use
 * only what this file exports.
 *
 * @example
 *   const result = importDocument(jsonText);
 *   if (result.ok) {
 *     let playback = createPlayback(result.document);
 *     playback = stepForward(playback);
 *     console.log(currentEvent(playback)?.summary);
 *   }
 */
export type { TopologyDocument, TopologyNode, TopologyLink, NodeKind, LinkKind } from './model/topology.ts';
export { DOCUMENT_VERSION } from './model/topology.ts';
export type { TraceEvent, TraceEventType } from './model/trace.ts';
export type * from './model/message.ts';
export type { NodeStatus, WorkerStatus } from './model/status.ts';
export type { ImportResult, DocumentError } from './io/import.ts';
export type { Playback, InFlightMessage } from './engine/playback.ts';
export type { KindInfo } from './components/registry.ts';
export type { PageView, RequestView } from './components/browser/behaviour.ts';
export { errorHeading } from './components/browser/error-heading.ts';
export type { Cookie, CookieJar, SameSite } from './protocols/cookies.ts';

export { importDocument, validateDocument } from './io/import.ts';
export { encodeShare, decodeShare, MAX_SHARE_LENGTH, SHARE_PREFIX } from './io/share.ts';
export { KIND_INFO, NODE_KINDS, configSchemaOf } from './components/registry.ts';
export type { Diagnostic } from './model/diagnostic.ts';
export type { ConnectionCheck } from './components/connections.ts';
export { checkConnection, adaptToLink } from './components/connections.ts';
export { diagnose } from './components/diagnose.ts';
export {
  createPlayback,
  stepForward,
  stepBack,
  resetPlayback,
  runToEnd,
  seekTo,
  advanceToTime,
  currentEvent,
  nextEventTime,
  nodeStatus,
  browserPage,
  inFlightMessages,
  isAtEnd,
} from './engine/playback.ts';
export { simulate } from './engine/simulate.ts';
export { compareTlsVersions } from './compare/tls-comparison.ts';
export type { ComparisonResult, HandshakeLadder, LadderStep, TlsComparison } from './compare/tls-comparison.ts';
export { traceEventToJson } from './io/trace-json.ts';
export { nginxConfFromText, describeProblem } from './components/nginx/conf/parser.ts';
export type { ConfResult, ConfProblem } from './components/nginx/conf/parser.ts';
export { nginxConfToText } from './components/nginx/conf/printer.ts';
export type { NginxConfig } from './components/nginx/config.ts';
