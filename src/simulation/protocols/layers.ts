import type { Layer } from '../model/message.ts';
import type { Packet } from '../engine/packet.ts';
import { httpByteLength, rawHttp } from './http.ts';
import { dnsByteLength, dnsFlags, encodeDns } from './dns.ts';
import { environOf, rawWsgiCall, rawWsgiResponse } from './wsgi.ts';
import { encodeQuery, encodeResult, queryByteLength, resultByteLength, resultMessageNames } from './sql.ts';
import { recordName, tlsByteLength, tlsWireView, wireName } from './tls.ts';
import { commandByteLength, encodeCommand, encodeReply, replyByteLength, replyTypeName } from './redis.ts';
import { frameByteLength, frameLayer } from './websocket.ts';
import { rawCommand, rawReply } from './ftp.ts';
import { utf8Length } from './bytes.ts';

/** Window sizes Linux advertises on loopback-like links; only shown, not modelled. */
const TCP_WINDOW = 65483;

/**
 * Bytes the packet puts on the wire at the IP layer: headers (IPv4 20, TCP 20, UDP 8) plus the
 * payload. Messages over in-process links have no wire form: 0.
 */
export function wireLength(packet: Packet): number {
  const transport = packet.transport;
  if (!transport) return 0;
  if (transport.transport === 'tcp') return 40 + transport.len;
  return 28 + (packet.app?.protocol === 'dns' ? dnsByteLength(packet.app) : 0);
}

/** The message as a person inspects it: outermost layer first, each with named fields. */
export function buildLayers(packet: Packet): Layer[] {
  const layers: Layer[] = [];
  const transport = packet.transport;
  if (transport) {
    layers.push({ layer: 'ip', src: packet.srcAddr, dst: packet.dstAddr, ttl: 64, protocol: transport.transport === 'tcp' ? 'TCP' : 'UDP' });
    if (transport.transport === 'tcp') {
      layers.push({
        layer: 'tcp',
        srcPort: transport.srcPort,
        dstPort: transport.dstPort,
        flags: transport.flags,
        seq: transport.seq,
        ack: transport.ack,
        len: transport.len,
        window: TCP_WINDOW,
      });
    } else {
      const dnsLength = packet.app?.protocol === 'dns' ? dnsByteLength(packet.app) : 0;
      layers.push({ layer: 'udp', srcPort: transport.srcPort, dstPort: transport.dstPort, len: 8 + dnsLength });
    }
  }
  const app = packet.app;
  if (!app) return layers;
  switch (app.protocol) {
    case 'tls':
      layers.push({
        layer: 'tls',
        version: app.version,
        records: app.records.map((record) => ({ wire: wireName(record, app.version), decrypted: recordName(record), encrypted: record.encrypted, bytes: 5 + record.length })),
        handshakes: app.records.flatMap((record) => (record.handshake ? [{ type: record.handshake.type, length: record.handshake.length, encrypted: record.encrypted, fields: record.handshake.fields }] : [])),
        raw: tlsWireView(app),
      });
      if (app.data) layers.push(...buildLayers({ id: '', srcAddr: '', dstAddr: '', transport: null, app: app.data }));
      break;
    case 'dns':
      layers.push({
        layer: 'dns',
        id: app.id,
        qr: app.response ? 'response' : 'query',
        opcode: 'QUERY',
        flags: dnsFlags(app),
        rcode: app.rcode,
        questions: [app.question],
        answers: app.answers,
        authority: app.authority,
        additional: app.additional,
        raw: encodeDns(app),
      });
      break;
    case 'http':
      if (app.kind === 'request') {
        layers.push({ layer: 'http', kind: 'request', method: app.method, target: app.target, version: app.version, headers: app.headers, body: app.body, raw: rawHttp(app) });
      } else {
        layers.push({ layer: 'http', kind: 'response', version: app.version, status: app.status, reason: app.reason, headers: app.headers, body: app.body, raw: rawHttp(app) });
      }
      break;
    case 'wsgi':
      if (app.kind === 'call') layers.push({ layer: 'wsgi', kind: 'call', environ: environOf(app), raw: rawWsgiCall(app) });
      else layers.push({ layer: 'wsgi', kind: 'response', status: app.status, headers: app.headers, body: app.body, raw: rawWsgiResponse(app) });
      break;
    case 'sql':
      if (app.kind === 'query') layers.push({ layer: 'sql', kind: 'query', message: 'Query', query: app.query, raw: encodeQuery(app).toHex() });
      else {
        layers.push({
          layer: 'sql',
          kind: 'result',
          messages: resultMessageNames(app),
          columns: app.columns,
          rows: app.rows,
          commandTag: app.commandTag,
          error: app.error,
          raw: encodeResult(app).toHex(),
        });
      }
      break;
    case 'redis':
      if (app.kind === 'command') layers.push({ layer: 'redis', kind: 'command', command: app.args[0] ?? '', args: app.args.slice(1), raw: encodeCommand(app) });
      else layers.push({ layer: 'redis', kind: 'reply', type: replyTypeName(app.reply), value: app.reply.value, raw: encodeReply(app.reply) });
      break;
    case 'ws':
      layers.push(frameLayer(app.frame));
      break;
    case 'ftp':
      if (app.kind === 'command') layers.push({ layer: 'ftp', kind: 'command', command: app.command, argument: app.argument, raw: rawCommand(app) });
      else layers.push({ layer: 'ftp', kind: 'reply', code: app.code, text: app.text, raw: rawReply(app) });
      break;
    case 'ftp-data':
      layers.push({ layer: 'ftp-data', path: app.path, length: utf8Length(app.data), data: app.data });
      break;
  }
  return layers;
}

/** Bytes the application layer puts in a TCP segment (its `len`). */
export function appByteLength(packet: Packet['app']): number {
  if (!packet) return 0;
  switch (packet.protocol) {
    case 'tls':
      return tlsByteLength(packet);
    case 'http':
      return httpByteLength(packet);
    case 'dns':
      return dnsByteLength(packet);
    case 'sql':
      return packet.kind === 'query' ? queryByteLength(packet) : resultByteLength(packet);
    case 'wsgi':
      return 0;
    case 'redis':
      return packet.kind === 'command' ? commandByteLength(packet) : replyByteLength(packet.reply);
    case 'ws':
      return frameByteLength(packet.frame);
    case 'ftp':
      return utf8Length(packet.kind === 'command' ? rawCommand(packet) : rawReply(packet));
    case 'ftp-data':
      return utf8Length(packet.data);
  }
}
