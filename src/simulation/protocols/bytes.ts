/** Helpers for protocols whose wire form is binary: we show it as lowercase hex. */

let lastText = '';
let lastLength = 0;

/** UTF-8 length of a string without allocating an encoded copy. */
export function utf8Length(text: string): number {
  // A body is measured several times on its way (Content-Length, each hop's segment length).
  if (text.length >= 64) {
    if (text === lastText) return lastLength;
    lastLength = countUtf8(text);
    lastText = text;
    return lastLength;
  }
  return countUtf8(text);
}

function countUtf8(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) length += 1;
    else if (code < 0x800) length += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      length += 4;
      i++;
    } else length += 3;
  }
  return length;
}

/** How many bytes ByteWriter.utf8(text) appends, without writing them. */
export function encodedLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) length += 1;
    else if (code < 0x800) length += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair is one code point: four bytes. A lone surrogate is encoded as three.
      length += 4;
      i++;
    } else length += 3;
  }
  return length;
}

/** Appends big-endian integers and strings, then prints hex. */
export class ByteWriter {
  private readonly bytes: number[] = [];

  get length(): number {
    return this.bytes.length;
  }

  u8(value: number): this {
    this.bytes.push(value & 0xff);
    return this;
  }

  u16(value: number): this {
    return this.u8(value >>> 8).u8(value);
  }

  u32(value: number): this {
    return this.u16(value >>> 16).u16(value & 0xffff);
  }

  /** UTF-8 encoding by hand: the engine's DOM-free build has no TextEncoder. */
  utf8(text: string): this {
    for (const char of text) {
      const code = char.codePointAt(0)!;
      if (code < 0x80) this.u8(code);
      else if (code < 0x800) this.u8(0xc0 | (code >> 6)).u8(0x80 | (code & 63));
      else if (code < 0x10000) this.u8(0xe0 | (code >> 12)).u8(0x80 | ((code >> 6) & 63)).u8(0x80 | (code & 63));
      else this.u8(0xf0 | (code >> 18)).u8(0x80 | ((code >> 12) & 63)).u8(0x80 | ((code >> 6) & 63)).u8(0x80 | (code & 63));
    }
    return this;
  }

  /** Overwrites a big-endian 32-bit value already written (for length prefixes). */
  setU32(offset: number, value: number): this {
    this.bytes[offset] = (value >>> 24) & 0xff;
    this.bytes[offset + 1] = (value >>> 16) & 0xff;
    this.bytes[offset + 2] = (value >>> 8) & 0xff;
    this.bytes[offset + 3] = value & 0xff;
    return this;
  }

  toHex(): string {
    let hex = '';
    for (const byte of this.bytes) hex += byte.toString(16).padStart(2, '0');
    return hex;
  }
}

/**
 * The UTF-8 bytes of a text (WHATWG's encoder, written out: the engine's DOM-free build has
 * no TextEncoder). A lone surrogate becomes U+FFFD, as TextEncoder makes it.
 *
 * @example utf8Bytes('é') → [0xc3, 0xa9]
 */
export function utf8Bytes(text: string): number[] {
  const bytes: number[] = [];
  for (const char of text) {
    let code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return bytes;
}

/**
 * UTF-8 bytes read back as text; a sequence that is not valid UTF-8 becomes U+FFFD, as a
 * lenient decoder shows it. (The engine's libraries have no TextDecoder type.)
 */
export function utf8Text(bytes: readonly number[]): string {
  const escaped = bytes.map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
  try {
    return decodeURIComponent(escaped);
  } catch {
    return bytes.map((byte) => (byte < 0x80 ? String.fromCharCode(byte) : '\ufffd')).join('');
  }
}
