/**
 * Layered messages, outermost layer first, as Wireshark shows them. Every layer has named
 * fields a person would recognise; the application layer also carries `raw`, the exact text
 * (or hex bytes, for binary protocols) that goes on the wire.
 */

export type Protocol = 'dns' | 'tcp' | 'udp' | 'http' | 'wsgi' | 'sql' | 'redis';

export interface IpLayer {
  readonly layer: 'ip';
  readonly src: string;
  readonly dst: string;
  readonly ttl: number;
  readonly protocol: 'TCP' | 'UDP';
}

export type TcpFlag = 'SYN' | 'ACK' | 'PSH' | 'FIN' | 'RST';

export interface TcpLayer {
  readonly layer: 'tcp';
  readonly srcPort: number;
  readonly dstPort: number;
  readonly flags: readonly TcpFlag[];
  /** The 32-bit sequence number on the wire; the event's summary shows it relative to the ISN, as Wireshark does. */
  readonly seq: number;
  readonly ack: number;
  readonly len: number;
  readonly window: number;
}

export interface UdpLayer {
  readonly layer: 'udp';
  readonly srcPort: number;
  readonly dstPort: number;
  readonly len: number;
}

export interface DnsQuestion {
  readonly name: string;
  readonly type: 'A';
  readonly class: 'IN';
}

export interface DnsAnswer {
  readonly name: string;
  readonly type: 'A';
  readonly class: 'IN';
  readonly ttl: number;
  readonly address: string;
}

export interface DnsLayer {
  readonly layer: 'dns';
  readonly id: number;
  readonly qr: 'query' | 'response';
  readonly opcode: 'QUERY';
  readonly flags: readonly string[];
  readonly rcode: 'NOERROR' | 'NXDOMAIN';
  readonly questions: readonly DnsQuestion[];
  readonly answers: readonly DnsAnswer[];
  readonly authority: readonly DnsAnswer[];
  readonly additional: readonly DnsAnswer[];
  /** The DNS message in wire format, as lowercase hex (RFC 1035 section 4). */
  readonly raw: string;
}

export type HeaderList = readonly (readonly [string, string])[];

export interface HttpRequestLayer {
  readonly layer: 'http';
  readonly kind: 'request';
  readonly method: string;
  readonly target: string;
  readonly version: 'HTTP/1.0' | 'HTTP/1.1';
  readonly headers: HeaderList;
  readonly body: string;
  readonly raw: string;
}

export interface HttpResponseLayer {
  readonly layer: 'http';
  readonly kind: 'response';
  readonly version: 'HTTP/1.0' | 'HTTP/1.1';
  readonly status: number;
  readonly reason: string;
  readonly headers: HeaderList;
  readonly body: string;
  readonly raw: string;
}

export type HttpLayer = HttpRequestLayer | HttpResponseLayer;

/** PEP 3333: the server calls the application with an environ; the application answers. */
export interface WsgiCallLayer {
  readonly layer: 'wsgi';
  readonly kind: 'call';
  readonly environ: readonly (readonly [string, string])[];
  readonly raw: string;
}

export interface WsgiResponseLayer {
  readonly layer: 'wsgi';
  readonly kind: 'response';
  readonly status: string;
  readonly headers: HeaderList;
  readonly body: string;
  readonly raw: string;
}

export type WsgiLayer = WsgiCallLayer | WsgiResponseLayer;

/** PostgreSQL frontend/backend protocol, simple query flow. */
export interface SqlQueryLayer {
  readonly layer: 'sql';
  readonly kind: 'query';
  readonly message: 'Query';
  readonly query: string;
  readonly raw: string;
}

export interface SqlResultLayer {
  readonly layer: 'sql';
  readonly kind: 'result';
  readonly messages: readonly string[];
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly commandTag: string | null;
  readonly error: { readonly severity: 'ERROR'; readonly code: string; readonly message: string } | null;
  readonly raw: string;
}

export type SqlLayer = SqlQueryLayer | SqlResultLayer;

export type Layer = IpLayer | TcpLayer | UdpLayer | DnsLayer | HttpLayer | WsgiLayer | SqlLayer;

export interface Message {
  readonly id: string;
  readonly layers: readonly Layer[];
}
