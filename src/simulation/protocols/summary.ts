import type { Packet, TcpSegment } from '../engine/packet.ts';
import { dnsSummary } from './dns.ts';
import { requestLine, statusLine } from './http.ts';
import { sqlSummary } from './sql.ts';
import { wsgiSummary } from './wsgi.ts';
import { redisSummary } from './redis.ts';
import { tlsSummary } from './tls.ts';
import { closeCode, frameSummary, payloadText } from './websocket.ts';
import { utf8Length } from './bytes.ts';

/** Relative numbers, as Wireshark shows them by default: the ISN counts as 0. */
function relative(value: number, base: number): number {
  return (value - base) >>> 0;
}

export function tcpSummary(segment: TcpSegment): string {
  const ack = segment.flags.includes('ACK') ? ` Ack=${relative(segment.ack, segment.baseAck)}` : '';
  return `${segment.srcPort} → ${segment.dstPort} [${segment.flags.join(', ')}] Seq=${relative(segment.seq, segment.baseSeq)}${ack} Len=${segment.len}`;
}

/**
 * One line, as Wireshark's Info column would say it: the topmost layer's summary (an HTTP
 * start line, "Standard query 0x1a2b A example.com", "Query: SELECT ..."), or the TCP line
 * for a segment that carries no data; a retransmitted segment's line starts with
 * `[TCP Retransmission] `.
 */
export function summarize(packet: Packet): string {
  const transport = packet.transport;
  // Wireshark marks a segment it has seen before this way, ahead of the usual Info text.
  if (transport?.transport === 'tcp' && transport.retransmission) return `[TCP Retransmission] ${firstLine(packet)}`;
  return firstLine(packet);
}

function firstLine(packet: Packet): string {
  const app = packet.app;
  if (!app) return packet.transport?.transport === 'tcp' ? tcpSummary(packet.transport) : 'Empty datagram';
  switch (app.protocol) {
    case 'tls':
      return tlsSummary(app);
    case 'dns':
      return dnsSummary(app);
    case 'http':
      return app.kind === 'request' ? requestLine(app) : statusLine(app);
    case 'wsgi':
      return wsgiSummary(app);
    case 'sql':
      return sqlSummary(app);
    case 'redis':
      return redisSummary(app);
    case 'ws':
      return wsSummary(app.frame);
    case 'ftp':
      // Wireshark's Info column: "Request: USER alice", "Response: 331 Please specify the password."
      return app.kind === 'command' ? `Request: ${app.argument === '' ? app.command : `${app.command} ${app.argument}`}` : `Response: ${app.code} ${app.text}`;
    case 'ftp-data':
      return `FTP Data: ${utf8Length(app.data)} bytes of ${app.path}`;
  }
}

/** Wireshark's Info for a frame, then what it carries: "WebSocket Text [FIN] [MASKED]: Hello". */
function wsSummary(frame: Parameters<typeof frameSummary>[0]): string {
  const text = payloadText(frame);
  const code = closeCode(frame) === null ? '' : ` ${closeCode(frame)}`;
  return `${frameSummary(frame)}${code}${text ? `: ${text}` : ''}`;
}
