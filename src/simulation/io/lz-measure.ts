/**
 * How long the text inside an lz-string `compressToEncodedURIComponent` payload is, found
 * without building it.
 *
 * lz-string is LZW: each code stands for an earlier dictionary entry plus one character, so n
 * codes can stand for about n²/2 characters. An 18,000-character link unpacks to 40 million
 * characters, and a 200,000-character one to more than a JavaScript string can hold. lz-string
 * has no output limit, so before asking it to decompress, this walks the same bit stream
 * keeping only the *lengths* of dictionary entries: time linear in the payload, memory one
 * number per code, and it stops as soon as the text would pass `limit`.
 *
 * It mirrors `LZString._decompress` (lz-string 1.5.0, MIT) with `resetValue` 32 and the
 * URI-safe alphabet; share.fuzz.test.ts checks that both agree on random payloads.
 */
export type LzMeasure =
  | { readonly kind: 'ok'; readonly length: number }
  /** The stream's end marker comes first: lz-string decompresses it to "". */
  | { readonly kind: 'empty' }
  /** The payload ends before the end marker: the link was cut short. */
  | { readonly kind: 'truncated' }
  /** A code names no dictionary entry: the payload was changed. */
  | { readonly kind: 'invalid' }
  | { readonly kind: 'too-large' };

export const LZ_URI_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';

const VALUES = new Int8Array(128).fill(-1);
for (let index = 0; index < LZ_URI_ALPHABET.length; index += 1) VALUES[LZ_URI_ALPHABET.charCodeAt(index)] = index;

/** The position of the first character outside the URI-safe alphabet, or -1. */
export function firstForeignCharacter(payload: string): number {
  for (let index = 0; index < payload.length; index += 1) {
    const code = payload.charCodeAt(index);
    if (code >= 128 || VALUES[code]! < 0) return index;
  }
  return -1;
}

/**
 * @example measureLzUri(LZString.compressToEncodedURIComponent('hello'), 100) // { kind: 'ok', length: 5 }
 */
export function measureLzUri(payload: string, limit: number): LzMeasure {
  // lz-string reads a character outside the alphabet, or past the end, as 0.
  const valueAt = (index: number): number => {
    const code = payload.charCodeAt(index);
    return code < 128 ? Math.max(VALUES[code]!, 0) : 0;
  };
  let value = valueAt(0);
  let position = 32;
  let next = 1;
  const read = (bitCount: number): number => {
    let bits = 0;
    for (let power = 1, count = 0; count < bitCount; count += 1, power *= 2) {
      const bit = value & position;
      position >>= 1;
      if (position === 0) {
        position = 32;
        value = valueAt(next++);
      }
      if (bit) bits += power;
    }
    return bits;
  };

  // Codes 0 and 1 bring a new 8- or 16-bit character, 2 ends the stream; entries start at 3.
  const first = read(2);
  if (first === 2) return { kind: 'empty' };
  if (first === 3) return { kind: 'invalid' };
  read(first === 0 ? 8 : 16);
  const lengths: number[] = [0, 0, 0, 1];
  let size = 4;
  let bitsPerCode = 3;
  let enlargeIn = 4;
  let previous = 1;
  let total = 1;
  for (;;) {
    if (next > payload.length) return { kind: 'truncated' };
    let code = read(bitsPerCode);
    if (code === 2) return total > limit ? { kind: 'too-large' } : { kind: 'ok', length: total };
    if (code < 2) {
      read(code === 0 ? 8 : 16);
      lengths[size++] = 1;
      code = size - 1;
      enlargeIn -= 1;
    }
    if (enlargeIn === 0) {
      enlargeIn = 2 ** bitsPerCode;
      bitsPerCode += 1;
    }
    let entry: number;
    if (code >= 3 && code < size) entry = lengths[code]!;
    else if (code === size) entry = previous + 1;
    else return { kind: 'invalid' };
    total += entry;
    if (total > limit) return { kind: 'too-large' };
    lengths[size++] = previous + 1;
    enlargeIn -= 1;
    previous = entry;
    if (enlargeIn === 0) {
      enlargeIn = 2 ** bitsPerCode;
      bitsPerCode += 1;
    }
  }
}
