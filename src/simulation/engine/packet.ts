import type { WebSocketFrame } from '../protocols/websocket.ts';
import type { DnsQuestion, DnsRcode, DnsRecord, HeaderList, TcpFlag } from '../model/message.ts';
import type { Certificate } from '../protocols/certificates.ts';

/**
 * What travels between nodes inside the engine. It holds structured fields only; the layered
 * form a person reads (message.layers, raw text) is built from it lazily by protocols/layers.ts.
 */
export interface TcpSegment {
  readonly transport: 'tcp';
  readonly srcPort: number;
  readonly dstPort: number;
  readonly flags: readonly TcpFlag[];
  /** The same flags as bits (protocols/tcp.ts: SYN, ACK, ...), for quick tests. */
  readonly bits: number;
  readonly seq: number;
  readonly ack: number;
  /** The sender's initial sequence numbers, so the summary can show relative numbers. */
  readonly baseSeq: number;
  readonly baseAck: number;
  readonly len: number;
  /**
   * The receiver's connection key (local port | remote address | remote port), worked out
   * once per connection by the sender instead of once per segment by the receiver.
   */
  readonly key: string;
  /** Sent again after the retransmission timer expired: Wireshark's `[TCP Retransmission]`. */
  readonly retransmission?: boolean;
}

export interface UdpDatagram {
  readonly transport: 'udp';
  readonly srcPort: number;
  readonly dstPort: number;
}

/** A DNS message (RFC 1035 section 4.1): header fields, one question and three record sections. */
export interface DnsPayload {
  readonly protocol: 'dns';
  readonly id: number;
  /** QR: a response rather than a query. */
  readonly response: boolean;
  /** AA: the answer comes from a server authoritative for the name. */
  readonly authoritative: boolean;
  /** TC: the answer was cut to fit a UDP datagram (never set here: answers are small). */
  readonly truncated: boolean;
  readonly recursionDesired: boolean;
  readonly recursionAvailable: boolean;
  readonly rcode: DnsRcode;
  readonly question: DnsQuestion;
  readonly answers: readonly DnsRecord[];
  readonly authority: readonly DnsRecord[];
  readonly additional: readonly DnsRecord[];
}

export interface HttpRequestPayload {
  readonly protocol: 'http';
  readonly kind: 'request';
  readonly method: string;
  readonly target: string;
  readonly version: 'HTTP/1.0' | 'HTTP/1.1';
  readonly headers: HeaderList;
  readonly body: string;
}

export interface HttpResponsePayload {
  readonly protocol: 'http';
  readonly kind: 'response';
  readonly version: 'HTTP/1.0' | 'HTTP/1.1';
  readonly status: number;
  readonly reason: string;
  readonly headers: HeaderList;
  readonly body: string;
}

export interface WsgiCallPayload {
  readonly protocol: 'wsgi';
  readonly kind: 'call';
  /** Which in-flight call this is, so the response finds its worker. */
  readonly callId: number;
  /** The request the environ is made from; the environ itself is built only when shown. */
  readonly request: HttpRequestPayload;
  /** The listening socket, and what the server says of itself in wsgi.multithread and wsgi.multiprocess. */
  readonly server: { readonly name: string; readonly port: number; readonly multithread: boolean; readonly multiprocess: boolean };
  readonly client: { readonly address: string; readonly port: number };
}

export interface WsgiResponsePayload {
  readonly protocol: 'wsgi';
  readonly kind: 'response';
  readonly callId: number;
  readonly status: string;
  readonly headers: HeaderList;
  readonly body: string;
}

export interface SqlQueryPayload {
  readonly protocol: 'sql';
  readonly kind: 'query';
  readonly query: string;
}

export interface SqlResultPayload {
  readonly protocol: 'sql';
  readonly kind: 'result';
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly commandTag: string | null;
  readonly error: { readonly severity: 'ERROR'; readonly code: string; readonly message: string } | null;
}

/** A Redis command: RESP2 sends it as an array of bulk strings (SET key value EX 60). */
export interface RedisCommandPayload {
  readonly protocol: 'redis';
  readonly kind: 'command';
  readonly args: readonly string[];
}

/** One RESP2 reply; a bulk string's null value is Redis's nil ($-1). */
export type RedisReply =
  | { readonly type: 'simple'; readonly value: string }
  | { readonly type: 'error'; readonly value: string }
  | { readonly type: 'integer'; readonly value: number }
  | { readonly type: 'bulk'; readonly value: string | null };

export interface RedisReplyPayload {
  readonly protocol: 'redis';
  readonly kind: 'reply';
  readonly reply: RedisReply;
}

/** One WebSocket frame (RFC 6455 section 5.2), once the connection has been upgraded. */
export interface WebSocketFramePayload {
  readonly protocol: 'ws';
  readonly frame: WebSocketFrame;
}

/** An FTP command on the control connection (RFC 959 section 4.1). */
export interface FtpCommandPayload {
  readonly protocol: 'ftp';
  readonly kind: 'command';
  readonly command: string;
  readonly argument: string;
}

/** An FTP reply on the control connection: a three-digit code and text. */
export interface FtpReplyPayload {
  readonly protocol: 'ftp';
  readonly kind: 'reply';
  readonly code: number;
  readonly text: string;
}

/** A file's bytes on an FTP data connection: no header, no framing, just the bytes. */
export interface FtpDataPayload {
  readonly protocol: 'ftp-data';
  readonly path: string;
  readonly data: string;
}

export type TlsVersion = 'TLS 1.2' | 'TLS 1.3';

/** Handshake message names as RFC 8446 section 4 and RFC 5246 section 7.4 write them. */
export type TlsHandshakeType =
  | 'ClientHello'
  | 'ServerHello'
  | 'EncryptedExtensions'
  | 'Certificate'
  | 'CertificateVerify'
  | 'ServerKeyExchange'
  | 'ServerHelloDone'
  | 'ClientKeyExchange'
  | 'Finished'
  | 'NewSessionTicket';

/** One handshake message: its fields as name/value pairs, and the certificates a Certificate carries. */
export interface TlsHandshake {
  readonly type: TlsHandshakeType;
  /** Bytes of the message, its 4-byte header included (as openssl -msg prints it). */
  readonly length: number;
  readonly fields: readonly (readonly [string, string])[];
  readonly certificates?: readonly Certificate[];
}

/**
 * One TLS record. `type` is what it carries once decrypted; on the wire an encrypted TLS 1.3
 * record says application_data whatever it holds (RFC 8446 section 5.2).
 */
export interface TlsRecord {
  readonly type: 'handshake' | 'change_cipher_spec' | 'alert' | 'application_data';
  readonly encrypted: boolean;
  /** Bytes after the 5-byte record header, as they travel (ciphertext and tag included). */
  readonly length: number;
  readonly handshake?: TlsHandshake;
  readonly alert?: { readonly level: 'warning' | 'fatal'; readonly description: string };
}

/** The TLS records one TCP segment carries, and the HTTP message inside its application data, if any. */
export interface TlsPayload {
  readonly protocol: 'tls';
  /** The version in use; for a ClientHello, the newest offered. */
  readonly version: TlsVersion;
  readonly records: readonly TlsRecord[];
  readonly data?: HttpRequestPayload | HttpResponsePayload;
}

export type AppPayload =
  | TlsPayload
  | DnsPayload
  | HttpRequestPayload
  | HttpResponsePayload
  | WsgiCallPayload
  | WsgiResponsePayload
  | SqlQueryPayload
  | SqlResultPayload
  | RedisCommandPayload
  | RedisReplyPayload
  | WebSocketFramePayload
  | FtpCommandPayload
  | FtpReplyPayload
  | FtpDataPayload;

export interface Packet {
  readonly id: string;
  readonly srcAddr: string;
  readonly dstAddr: string;
  readonly transport: TcpSegment | UdpDatagram | null;
  readonly app: AppPayload | null;
}
