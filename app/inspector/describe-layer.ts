import type { Layer } from '../../src/simulation/index.ts';

/** A layer as the inspector shows it: a title, named fields, tables and the raw form. */
export interface LayerView {
  readonly title: string;
  readonly fields: readonly { readonly name: string; readonly value: string }[];
  readonly tables: readonly { readonly caption: string; readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] }[];
  readonly body?: string;
  readonly raw?: { readonly label: string; readonly text: string };
}

type Field = LayerView['fields'][number];
const field = (name: string, value: string | number): Field => ({ name, value: String(value) });

/**
 * Names every field of a layer the way Wireshark or DevTools would, so a person recognises it.
 *
 * @example describeLayer({ layer: 'tcp', srcPort: 50472, ... }).title === 'Transmission Control Protocol'
 */
export function describeLayer(layer: Layer): LayerView {
  switch (layer.layer) {
    case 'ip':
      return {
        title: 'Internet Protocol version 4',
        fields: [field('Source address', layer.src), field('Destination address', layer.dst), field('Time to live', layer.ttl), field('Protocol', layer.protocol)],
        tables: [],
      };
    case 'tcp':
      return {
        title: 'Transmission Control Protocol',
        fields: [
          field('Source port', layer.srcPort),
          field('Destination port', layer.dstPort),
          field('Flags', layer.flags.join(', ')),
          field('Sequence number (raw)', layer.seq),
          field('Acknowledgment number (raw)', layer.ack),
          field('Segment length', `${layer.len} bytes`),
          field('Window', layer.window),
        ],
        tables: [],
      };
    case 'udp':
      return {
        title: 'User Datagram Protocol',
        fields: [field('Source port', layer.srcPort), field('Destination port', layer.dstPort), field('Length', `${layer.len} bytes`)],
        tables: [],
      };
    case 'tls': {
      const bytes = layer.records.reduce((sum, record) => sum + record.bytes, 0);
      return {
        title: 'Transport Layer Security',
        fields: [field('Version', layer.version), field('Records', `${layer.records.length} (${bytes} bytes)`)],
        tables: [
          { caption: 'TLS records', columns: ['On the wire', 'Decrypted', 'Bytes'], rows: layer.records.map((record) => [record.wire, record.decrypted, String(record.bytes)]) },
          ...layer.handshakes.map((handshake) => ({
            caption: `${handshake.type} (${handshake.length} bytes${handshake.encrypted ? ', encrypted' : ', in clear'})`,
            columns: ['Field', 'Value'],
            rows: handshake.fields.map(([name, value]) => [name, value]),
          })),
        ],
        raw: { label: 'TLS on the wire', text: layer.raw },
      };
    }
    case 'dns': {
      const records = [
        ...layer.answers.map((record) => ['Answer', record] as const),
        ...layer.authority.map((record) => ['Authority', record] as const),
        ...layer.additional.map((record) => ['Additional', record] as const),
      ];
      return {
        title: 'Domain Name System',
        fields: [
          field('Transaction ID', `0x${layer.id.toString(16).padStart(4, '0')}`),
          field('Message', layer.qr === 'query' ? 'Query' : 'Response'),
          field('Opcode', layer.opcode),
          field('Flags', layer.flags.join(', ') || 'none'),
          field('Response code', layer.rcode),
          field('Counts', `${layer.questions.length} question, ${layer.answers.length} answer, ${layer.authority.length} authority, ${layer.additional.length} additional`),
        ],
        tables: [
          { caption: 'Questions', columns: ['Name', 'Type', 'Class'], rows: layer.questions.map((question) => [question.name, question.type, question.class]) },
          ...(records.length > 0
            ? [{ caption: 'Resource records', columns: ['Section', 'Name', 'Type', 'TTL', 'Data'], rows: records.map(([section, record]) => [section, record.name, record.type, `${record.ttl} s`, record.data]) }]
            : []),
        ],
        raw: { label: 'DNS message (hex)', text: layer.raw },
      };
    }
    case 'http':
      return {
        title: 'Hypertext Transfer Protocol',
        fields:
          layer.kind === 'request'
            ? [field('Method', layer.method), field('Request target', layer.target), field('Version', layer.version)]
            : [field('Version', layer.version), field('Status code', layer.status), field('Reason phrase', layer.reason)],
        tables: [{ caption: 'Headers', columns: ['Name', 'Value'], rows: layer.headers.map(([name, value]) => [name, value]) }],
        ...(layer.body ? { body: layer.body } : {}),
        raw: { label: 'Raw HTTP', text: layer.raw },
      };
    case 'wsgi':
      return layer.kind === 'call'
        ? {
            title: 'WSGI call (PEP 3333)',
            fields: [field('Call', 'application(environ, start_response)')],
            tables: [{ caption: 'environ', columns: ['Key', 'Value'], rows: layer.environ.map(([key, value]) => [key, value]) }],
            raw: { label: 'Python', text: layer.raw },
          }
        : {
            title: 'WSGI response (PEP 3333)',
            fields: [field('Status', layer.status)],
            tables: [{ caption: 'Response headers', columns: ['Name', 'Value'], rows: layer.headers.map(([name, value]) => [name, value]) }],
            ...(layer.body ? { body: layer.body } : {}),
            raw: { label: 'Python', text: layer.raw },
          };
    case 'sql':
      return layer.kind === 'query'
        ? {
            title: 'PostgreSQL protocol',
            fields: [field('Message', layer.message), field('Query', layer.query)],
            tables: [],
            raw: { label: 'PostgreSQL wire bytes (hex)', text: layer.raw },
          }
        : {
            title: 'PostgreSQL protocol',
            fields: [
              field('Messages', layer.messages.join(', ')),
              ...(layer.commandTag ? [field('Command tag', layer.commandTag)] : []),
              ...(layer.error ? [field('Error', `${layer.error.severity} ${layer.error.code}: ${layer.error.message}`)] : []),
            ],
            tables: layer.columns.length > 0 ? [{ caption: 'Rows', columns: layer.columns, rows: layer.rows }] : [],
            raw: { label: 'PostgreSQL wire bytes (hex)', text: layer.raw },
          };
    case 'redis':
      return layer.kind === 'command'
        ? {
            title: 'Redis protocol (RESP)',
            fields: [field('Command', layer.command), ...layer.args.map((arg, index) => field(`Argument ${index + 1}`, arg))],
            tables: [],
            raw: { label: 'RESP bytes', text: layer.raw },
          }
        : {
            title: 'Redis protocol (RESP)',
            fields: [field('Reply type', layer.type), field('Value', layer.value === null ? '(nil)' : layer.value)],
            tables: [],
            raw: { label: 'RESP bytes', text: layer.raw },
          };
    case 'ws':
      return describeWebSocket(layer);
    case 'ftp':
      return layer.kind === 'command'
        ? {
            title: 'File Transfer Protocol (FTP)',
            fields: [field('Request command', layer.command), ...(layer.argument === '' ? [] : [field('Request arg', layer.argument)])],
            tables: [],
            raw: { label: 'FTP line as sent', text: layer.raw },
          }
        : {
            title: 'File Transfer Protocol (FTP)',
            fields: [field('Response code', layer.code), field('Response arg', layer.text)],
            tables: [],
            raw: { label: 'FTP line as sent', text: layer.raw },
          };
    case 'ftp-data':
      return { title: 'FTP Data', fields: [field('File', layer.path), field('Length', `${layer.length} bytes`)], tables: [], body: layer.data };
  }
}

const OPCODE_NUMBERS = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

/** A frame's fields as Wireshark's WebSocket dissector names them. */
function describeWebSocket(layer: Extract<Layer, { layer: 'ws' }>): LayerView {
  const opcodeName = layer.opcode === 'close' ? 'Connection Close' : layer.opcode[0]!.toUpperCase() + layer.opcode.slice(1);
  return {
    title: 'WebSocket',
    fields: [
      field('Fin', layer.fin ? 'True' : 'False'),
      field('Opcode', `${opcodeName} (${OPCODE_NUMBERS[layer.opcode]})`),
      field('Mask', layer.maskingKey ? 'True' : 'False'),
      ...(layer.maskingKey ? [field('Masking-Key', layer.maskingKey)] : []),
      field('Payload length', layer.payloadLength),
      ...(layer.closeCode === null ? [] : [field('Status code', layer.closeCode === 1000 ? '1000 (Normal Closure)' : layer.closeCode)]),
      ...(layer.opcode === 'text' ? [field('Text (unmasked)', layer.text)] : layer.text ? [field(layer.opcode === 'close' ? 'Reason' : 'Data (unmasked)', layer.text)] : []),
    ],
    tables: [],
    raw: { label: layer.maskingKey ? 'Frame bytes as sent (payload masked)' : 'Frame bytes', text: layer.raw },
  };
}
