import { sha1 } from '@noble/hashes/legacy.js';
import { utf8Bytes, utf8Text } from './bytes.ts';
import { headerValue } from './http.ts';
import type { WebSocketLayer } from '../model/message.ts';

/**
 * RFC 6455, the WebSocket protocol: the opening handshake's key and accept values, and the
 * frame format of section 5.2, encoded and decoded to real bytes so the wire view can show
 * what Wireshark shows.
 */

/** The GUID RFC 6455 section 1.3 appends to the client's key before hashing. */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * Sec-WebSocket-Accept for a Sec-WebSocket-Key: base64(SHA-1(key + GUID)). SHA-1 comes from
 * @noble/hashes (audited, dependency-free, the same in Node and the browser), since the
 * engine has no Web Crypto and must stay synchronous.
 *
 * @example acceptFor('dGhlIHNhbXBsZSBub25jZQ==') === 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='
 */
export function acceptFor(key: string): string {
  return base64(sha1(Uint8Array.from(utf8Bytes(key + WEBSOCKET_GUID))));
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 base64 with padding. */
export function base64(bytes: Uint8Array | readonly number[]): string {
  let text = '';
  for (let index = 0; index < bytes.length; index += 3) {
    const [a, b, c] = [bytes[index]!, bytes[index + 1], bytes[index + 2]];
    const triple = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    text += BASE64[(triple >> 18) & 63]! + BASE64[(triple >> 12) & 63]!;
    text += b === undefined ? '=' : BASE64[(triple >> 6) & 63]!;
    text += c === undefined ? '=' : BASE64[triple & 63]!;
  }
  return text;
}

/** Opcodes of RFC 6455 section 5.2, by name. */
export const OPCODES = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;
export type Opcode = keyof typeof OPCODES;

/** One frame as its fields: a client's frames are masked (section 5.3), a server's never. */
export interface WebSocketFrame {
  readonly fin: boolean;
  readonly opcode: Opcode;
  /** The 4-byte masking key, or undefined for an unmasked (server) frame. */
  readonly mask: readonly number[] | undefined;
  /** The payload as bytes, before masking. */
  readonly payload: readonly number[];
}

/** A text frame's payload: the UTF-8 bytes of the text. */
export function textPayload(text: string): number[] {
  return utf8Bytes(text);
}

/** A close frame's payload: the status code (1000 = normal closure), then an optional reason. */
export function closePayload(code: number, reason = ''): number[] {
  return [(code >> 8) & 0xff, code & 0xff, ...textPayload(reason)];
}

/**
 * The frame's bytes (section 5.2): FIN and opcode, MASK and the payload length (7 bits, or
 * 126 + 16 bits, or 127 + 64 bits), the masking key, then the payload XORed with the key.
 */
export function encodeFrame(frame: WebSocketFrame): number[] {
  const length = frame.payload.length;
  const bytes = [(frame.fin ? 0x80 : 0) | OPCODES[frame.opcode]];
  const maskBit = frame.mask ? 0x80 : 0;
  if (length < 126) bytes.push(maskBit | length);
  else if (length < 0x10000) bytes.push(maskBit | 126, length >> 8, length & 0xff);
  else bytes.push(maskBit | 127, 0, 0, 0, 0, (length >>> 24) & 0xff, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff);
  if (!frame.mask) return [...bytes, ...frame.payload];
  const mask = frame.mask;
  return [...bytes, ...mask, ...frame.payload.map((byte, index) => byte ^ mask[index % 4]!)];
}

/** What decodeFrame makes of bytes: a frame, or why they are not one. */
export type DecodedFrame = { readonly ok: true; readonly frame: WebSocketFrame; readonly length: number } | { readonly ok: false; readonly reason: string };

/** Reads one frame from the start of `bytes`, as a receiver does (the payload unmasked). */
export function decodeFrame(bytes: readonly number[]): DecodedFrame {
  if (bytes.length < 2) return { ok: false, reason: 'a frame has at least two bytes' };
  const opcode = (Object.keys(OPCODES) as Opcode[]).find((name) => OPCODES[name] === (bytes[0]! & 0x0f));
  if (!opcode) return { ok: false, reason: `opcode ${bytes[0]! & 0x0f} is reserved` };
  if (bytes[0]! & 0x70) return { ok: false, reason: 'RSV1–3 are set, but no extension was negotiated' };
  const masked = (bytes[1]! & 0x80) !== 0;
  let length = bytes[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    length = (bytes[2]! << 8) | bytes[3]!;
    offset = 4;
  } else if (length === 127) {
    length = bytes.slice(2, 10).reduce((total, byte) => total * 256 + byte, 0);
    offset = 10;
  }
  const mask = masked ? bytes.slice(offset, offset + 4) : undefined;
  if (mask) offset += 4;
  if (bytes.length < offset + length) return { ok: false, reason: `the frame says ${length} payload bytes, but only ${Math.max(0, bytes.length - offset)} follow` };
  const body = bytes.slice(offset, offset + length);
  const payload = mask ? body.map((byte, index) => byte ^ mask[index % 4]!) : body;
  return { ok: true, frame: { fin: (bytes[0]! & 0x80) !== 0, opcode, mask, payload }, length: offset + length };
}

/** Bytes as Wireshark's hex dump writes them: "81 85 37 fa". */
export function hex(bytes: readonly number[]): string {
  return bytes.map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

/** The summary Wireshark's Info column gives a frame: "WebSocket Text [FIN] [MASKED]". */
export function frameSummary(frame: WebSocketFrame): string {
  const name = frame.opcode === 'continuation' ? 'Continuation' : frame.opcode[0]!.toUpperCase() + frame.opcode.slice(1);
  return `WebSocket ${name}${frame.fin ? ' [FIN]' : ''}${frame.mask ? ' [MASKED]' : ''}`;
}

/** The frame's payload read as text (UTF-8), as a text frame, a ping's data or a close reason carries it. */
export function payloadText(frame: WebSocketFrame): string {
  const bytes = frame.opcode === 'close' ? frame.payload.slice(2) : frame.payload;
  return utf8Text(bytes);
}

/** A close frame's status code, or null for another frame or a close without one. */
export function closeCode(frame: WebSocketFrame): number | null {
  return frame.opcode === 'close' && frame.payload.length >= 2 ? (frame.payload[0]! << 8) | frame.payload[1]! : null;
}

/** Bytes the frame takes on the wire: header, masking key and payload. */
export function frameByteLength(frame: WebSocketFrame): number {
  const length = frame.payload.length;
  return 2 + (length < 126 ? 0 : length < 0x10000 ? 2 : 8) + (frame.mask ? 4 : 0) + length;
}

/** The frame as the inspector dissects it. */
export function frameLayer(frame: WebSocketFrame): WebSocketLayer {
  return {
    layer: 'ws',
    fin: frame.fin,
    opcode: frame.opcode,
    maskingKey: frame.mask ? hex(frame.mask) : null,
    payloadLength: frame.payload.length,
    text: payloadText(frame),
    closeCode: closeCode(frame),
    raw: hex(encodeFrame(frame)),
  };
}

/**
 * A frame a sender makes: FIN set (no fragmentation), masked with `mask` when a client sends
 * it (RFC 6455 section 5.3 requires it of clients and forbids it to servers).
 */
export function makeFrame(opcode: Opcode, payload: readonly number[], mask?: readonly number[]): WebSocketFrame {
  return { fin: true, opcode, mask, payload };
}

/** Whether a comma-separated header value holds a token, case-insensitively ("keep-alive, Upgrade" holds "upgrade"). */
function hasToken(value: string | undefined, token: string): boolean {
  return value !== undefined && value.split(',').some((part) => part.trim().toLowerCase() === token);
}

/** A request as the opening handshake reads it. */
export interface HandshakeRequest {
  readonly method: string;
  readonly version: string;
  readonly headers: readonly (readonly [string, string])[];
}

/**
 * Why a request is not a WebSocket opening handshake (RFC 6455 section 4.2.1), or undefined
 * when it is one: a GET in HTTP/1.1 with Host, `Upgrade: websocket`, `Connection` holding
 * `upgrade`, a 16-byte base64 Sec-WebSocket-Key and Sec-WebSocket-Version 13.
 */
export function handshakeProblem(request: HandshakeRequest): string | undefined {
  if (request.method !== 'GET') return `the method is ${request.method}, not GET`;
  if (!hasToken(headerValue(request.headers, 'Upgrade'), 'websocket')) return 'it has no Upgrade: websocket header';
  if (!hasToken(headerValue(request.headers, 'Connection'), 'upgrade')) return 'its Connection header does not say upgrade';
  if (request.version !== 'HTTP/1.1') return `the request is ${request.version}, and an upgrade needs HTTP/1.1`;
  if (headerValue(request.headers, 'Host') === undefined) return 'it has no Host header';
  const key = headerValue(request.headers, 'Sec-WebSocket-Key');
  if (key === undefined || !/^[A-Za-z0-9+/]{22}==$/.test(key)) return 'it has no Sec-WebSocket-Key of 16 bytes in base64';
  if (headerValue(request.headers, 'Sec-WebSocket-Version') !== '13') return 'its Sec-WebSocket-Version is not 13';
  return undefined;
}

/** The server's 101 head for a key, in the order websocket.json records it (direct_to_backend). */
export function switchingProtocolsHeaders(key: string): (readonly [string, string])[] {
  return [
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Accept', acceptFor(key)],
  ];
}

/**
 * Why a client fails the server's answer to its handshake (RFC 6455 section 4.1), in
 * Chromium's words after "Error during WebSocket handshake: ", or undefined when it opens.
 */
export function handshakeResponseProblem(status: number, headers: readonly (readonly [string, string])[], key: string): string | undefined {
  if (status !== 101) return `Unexpected response code: ${status}`;
  if (!hasToken(headerValue(headers, 'Upgrade'), 'websocket')) return "'Upgrade' header is missing";
  if (!hasToken(headerValue(headers, 'Connection'), 'upgrade')) return "'Connection' header is missing";
  if (headerValue(headers, 'Sec-WebSocket-Accept') !== acceptFor(key)) return "Incorrect 'Sec-WebSocket-Accept' header value";
  return undefined;
}
