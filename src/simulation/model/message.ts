/**
 * Layered messages, outermost layer first, as Wireshark shows them. Every layer has named
 * fields a person would recognise; the application layer also carries `raw`, the exact text
 * (or hex bytes, for binary protocols) that goes on the wire.
 */

export type Protocol = 'dns' | 'tcp' | 'udp' | 'tls' | 'http' | 'wsgi' | 'sql' | 'redis' | 'ws' | 'ftp' | 'ftp-data';

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

/** The record types Stackscope's DNS speaks (RFC 1035 section 3.2.2; AAAA: RFC 3596). */
export type DnsRecordType = 'A' | 'AAAA' | 'CNAME' | 'NS' | 'SOA';

/** RFC 1035 section 4.1.1 response codes, by the names dig and Wireshark print. */
export type DnsRcode = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED';

/** The header flags that are set, named as Wireshark and dig name them. */
export type DnsFlag = 'QR' | 'AA' | 'TC' | 'RD' | 'RA';

export interface DnsQuestion {
  /** The name asked about, without the final dot (as Wireshark prints it). */
  readonly name: string;
  readonly type: DnsRecordType;
  readonly class: 'IN';
}

/**
 * A resource record (RFC 1035 section 3.2.1). `data` is the RDATA as dig prints it: the
 * address for A/AAAA, the target name for CNAME/NS, and for SOA
 * "mname rname serial refresh retry expire minimum".
 */
export interface DnsRecord {
  readonly name: string;
  readonly type: DnsRecordType;
  readonly class: 'IN';
  /** Seconds the record may be cached. */
  readonly ttl: number;
  readonly data: string;
}

export interface DnsLayer {
  readonly layer: 'dns';
  readonly id: number;
  readonly qr: 'query' | 'response';
  readonly opcode: 'QUERY';
  /** The flags set, in header order: QR, AA, TC, RD, RA. */
  readonly flags: readonly DnsFlag[];
  readonly rcode: DnsRcode;
  readonly questions: readonly DnsQuestion[];
  readonly answers: readonly DnsRecord[];
  /** Name servers: NS records of a referral, or the zone's SOA in a negative answer. */
  readonly authority: readonly DnsRecord[];
  /** Glue: addresses of the name servers in the authority section. */
  readonly additional: readonly DnsRecord[];
  /** The DNS message in wire format, as lowercase hex (RFC 1035 section 4, names compressed). */
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

/** Redis RESP2: a command (an array of bulk strings) or one reply. */
export interface RedisCommandLayer {
  readonly layer: 'redis';
  readonly kind: 'command';
  readonly command: string;
  readonly args: readonly string[];
  readonly raw: string;
}

export interface RedisReplyLayer {
  readonly layer: 'redis';
  readonly kind: 'reply';
  readonly type: 'simple string' | 'error' | 'integer' | 'bulk string' | 'null bulk string';
  readonly value: string | number | null;
  readonly raw: string;
}

export type RedisLayer = RedisCommandLayer | RedisReplyLayer;

/** An FTP command or reply on the control connection, as Wireshark's FTP dissector shows it. */
export interface FtpCommandLayer {
  readonly layer: 'ftp';
  readonly kind: 'command';
  readonly command: string;
  readonly argument: string;
  /** The line as sent, CRLF included. */
  readonly raw: string;
}

export interface FtpReplyLayer {
  readonly layer: 'ftp';
  readonly kind: 'reply';
  readonly code: number;
  readonly text: string;
  readonly raw: string;
}

export type FtpLayer = FtpCommandLayer | FtpReplyLayer;

/** A file's bytes on an FTP data connection (Wireshark: FTP-DATA). */
export interface FtpDataLayer {
  readonly layer: 'ftp-data';
  /** The file being transferred, as RETR named it. */
  readonly path: string;
  readonly length: number;
  readonly data: string;
}

/** One WebSocket frame (RFC 6455 section 5.2) as Wireshark dissects it. */
export interface WebSocketLayer {
  readonly layer: 'ws';
  readonly fin: boolean;
  readonly opcode: 'continuation' | 'text' | 'binary' | 'close' | 'ping' | 'pong';
  /** The masking key as hex ("37 fa 21 3d"); a client's frames are masked, a server's never. */
  readonly maskingKey: string | null;
  readonly payloadLength: number;
  /** A text frame's text, a close frame's reason, a ping's or pong's data, read as UTF-8 once unmasked. */
  readonly text: string;
  /** A close frame's status code (1000 = normal closure). */
  readonly closeCode: number | null;
  /** The frame as it travels, masked, in hex. */
  readonly raw: string;
}

/** One TLS record as the two views show it: what crosses the wire, and what it is once decrypted. */
export interface TlsRecordView {
  /** What an eavesdropper's capture calls it: "Application Data" for every sealed TLS 1.3 record. */
  readonly wire: string;
  /** What it is with the session keys: "Certificate", "Finished", "Alert (…)". */
  readonly decrypted: string;
  readonly encrypted: boolean;
  /** Bytes on the wire, the 5-byte header included. */
  readonly bytes: number;
}

/** A handshake message's fields, for the inspector. */
export interface TlsHandshakeView {
  readonly type: string;
  readonly length: number;
  readonly encrypted: boolean;
  readonly fields: readonly (readonly [string, string])[];
}

/**
 * TLS (RFC 8446, RFC 5246): the records of one segment. When they carry application data, the
 * decrypted HTTP message follows as the next layer.
 */
export interface TlsLayer {
  readonly layer: 'tls';
  readonly version: 'TLS 1.2' | 'TLS 1.3';
  readonly records: readonly TlsRecordView[];
  readonly handshakes: readonly TlsHandshakeView[];
  /** The records' headers in hex and their ciphertext by length: the wire view. */
  readonly raw: string;
}

export type Layer = IpLayer | TcpLayer | UdpLayer | TlsLayer | DnsLayer | HttpLayer | WsgiLayer | SqlLayer | RedisLayer | WebSocketLayer | FtpLayer | FtpDataLayer;

export interface Message {
  readonly id: string;
  readonly layers: readonly Layer[];
}
