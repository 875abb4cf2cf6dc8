import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { exampleJson, mustImport, withConfig } from '../test-support/documents.node.ts';
import { SHARE_MESSAGES } from './errors.ts';
import { MAX_DOCUMENT_BYTES } from './import.ts';
import { measureLzUri } from './lz-measure.ts';
import { MAX_SHARE_LENGTH, SHARE_PREFIX, decodeShare, encodeShare } from './share.ts';

const DEFAULT = mustImport(exampleJson('default'));

/**
 * An lz-string URI payload written code by code: one 8-bit character, then references to
 * dictionary entries (3 and up), then the end marker unless `end` is false. The code width
 * grows exactly as the decoder's does.
 */
function payloadFromCodes(character: number, references: readonly number[], end = true): string {
  const bits: number[] = [];
  const write = (value: number, count: number) => {
    for (let index = 0; index < count; index += 1) bits.push(Math.floor(value / 2 ** index) % 2);
  };
  write(0, 2);
  write(character, 8);
  let width = 3;
  let enlargeIn = 4;
  for (const code of references) {
    write(code, width);
    enlargeIn -= 1;
    if (enlargeIn === 0) {
      enlargeIn = 2 ** width;
      width += 1;
    }
  }
  if (end) write(2, width);
  let payload = '';
  for (let index = 0; index < bits.length; index += 6) {
    const value = [0, 1, 2, 3, 4, 5].reduce((sum, offset) => sum * 2 + (bits[index + offset] ?? 0), 0);
    payload += 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$'[value];
  }
  return payload;
}

/** n codes that each repeat the previous entry plus one letter: "a", "aa", "aaa", ... */
function bomb(codes: number): string {
  return payloadFromCodes(97, Array.from({ length: codes }, (_, index) => 4 + index));
}

function refusal(input: unknown) {
  const result = decodeShare(input);
  if (result.ok) throw new Error('expected the share link to be refused');
  return result.errors;
}

describe('encodeShare and decodeShare', () => {
  it('round-trip the default topology, bare or in any of the forms a link arrives in', () => {
    const payload = encodeShare(DEFAULT);
    expect(payload).toMatch(/^[A-Za-z0-9+$-]+$/);
    const forms = [
      payload,
      `share=${payload}`,
      `${SHARE_PREFIX}${payload}`,
      `https://stackscope.example/?embed=1${SHARE_PREFIX}${payload}`,
      `#event=3&share=${payload}`,
      `#share=${payload.replaceAll('$', '%24').replaceAll('+', '%2B')}`,
      `#share=${payload.replaceAll('+', ' ')}`,
    ];
    for (const form of forms) expect(decodeShare(form)).toEqual({ ok: true, document: DEFAULT });
  });

  it('give the same link for the same topology, whatever order its fields were written in', () => {
    const reordered = JSON.parse(JSON.stringify(DEFAULT), (_key, value: unknown) =>
      typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    );
    expect(Object.keys(reordered)[0]).not.toBe(Object.keys(DEFAULT)[0]);
    expect(encodeShare(reordered)).toBe(encodeShare(DEFAULT));
  });

  it('keep the default topology well inside the length limit', () => {
    expect(encodeShare(DEFAULT).length).toBeLessThan(MAX_SHARE_LENGTH / 50);
  });
});

describe('decodeShare refuses, with path "share" and a sentence', () => {
  const valid = encodeShare(DEFAULT);

  it.each([
    ['', SHARE_MESSAGES.empty],
    ['#share=', SHARE_MESSAGES.empty],
    ['share=', SHARE_MESSAGES.empty],
    ['#', SHARE_MESSAGES.empty],
    ['#topology=default', SHARE_MESSAGES.noShare],
    ['#event=2&present=1', SHARE_MESSAGES.noShare],
  ])('%j: nothing to open', (input, message) => {
    expect(refusal(input)).toEqual([{ path: 'share', message }]);
  });

  it('a value that is not text', () => {
    for (const input of [undefined, null, 42, {}, ['x']]) expect(refusal(input)).toEqual([{ path: 'share', message: SHARE_MESSAGES.notText }]);
  });

  it('a character outside the URI-safe alphabet, named and placed, on one line', () => {
    expect(refusal(`#share=${valid.slice(0, 9)}!${valid.slice(9)}`)).toEqual([
      { path: 'share', message: 'The share link is damaged: it contains "!" at position 10, and share links use only letters, digits, "+", "-" and "$".' },
    ]);
    const [error] = refusal(`AB\nCD`);
    expect(error!.message).toContain('"\\n" at position 3');
    expect(refusal('AB😀')[0]!.message).toContain('"😀" at position 3');
    expect(refusal('AB%zz')[0]!.message).toContain('"%" at position 3');
  });

  it('a payload longer than the limit, before decompressing it', () => {
    const long = 'A'.repeat(MAX_SHARE_LENGTH + 1);
    expect(refusal(long)).toEqual([{ path: 'share', message: SHARE_MESSAGES.tooLong(MAX_SHARE_LENGTH + 1, MAX_SHARE_LENGTH) }]);
    expect(SHARE_MESSAGES.tooLong(MAX_SHARE_LENGTH + 1, MAX_SHARE_LENGTH)).toMatch(/^The share link is too long: 200,001 characters, and a share link holds at most 200,000\./);
    expect(refusal('x'.repeat(10 * MAX_SHARE_LENGTH))[0]!.path).toBe('share');
  });

  it('a link cut short, at any point where it loses part of the topology', () => {
    // The last character or two may hold only padding and the zero bits of the end marker,
    // which the decoder reads the same when they are missing: such a cut opens the same topology.
    // Any other cut is refused; none opens a different topology.
    for (let cut = 1; cut < valid.length; cut += 1) {
      const result = decodeShare(valid.slice(0, cut));
      if (result.ok) expect(result.document, `cut at ${cut}`).toEqual(DEFAULT);
      // Usually the decoder runs out of data; sometimes the last bits read as the end marker
      // and it returns the first part of the text, which is not JSON.
      else expect(result.errors, `cut at ${cut}`).toEqual([{ path: 'share', message: expect.stringMatching(/^The share link is cut short or damaged: /) }]);
      if (cut < valid.length - 3) expect(result.ok, `cut at ${cut}`).toBe(false);
    }
  });

  it('a code that names no dictionary entry', () => {
    const corrupt = payloadFromCodes(97, [4, 5, 7]);
    expect(LZString.decompressFromEncodedURIComponent(corrupt)).toBeNull();
    expect(refusal(corrupt)).toEqual([{ path: 'share', message: SHARE_MESSAGES.invalid }]);
  });

  it('a payload that unpacks to nothing', () => {
    expect(LZString.compressToEncodedURIComponent('')).toBe('Q');
    expect(refusal('Q')).toEqual([{ path: 'share', message: SHARE_MESSAGES.unpackedEmpty }]);
  });

  it('a zip bomb, without unpacking it', () => {
    // 60,000 codes of ever longer runs of "a": about 1.8 billion characters once unpacked,
    // more than a JavaScript string can hold.
    const payload = bomb(60_000);
    expect(payload.length).toBeLessThanOrEqual(MAX_SHARE_LENGTH);
    const started = process.hrtime.bigint();
    expect(refusal(payload)).toEqual([{ path: 'share', message: SHARE_MESSAGES.tooLarge(10) }]);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
    expect(SHARE_MESSAGES.tooLarge(10)).toBe('The share link unpacks to more than 10 MB, which no topology needs, so it was not opened.');
  });

  it('measures exactly: a bomb just under the limit is unpacked, and measured to the character', () => {
    const codes = Math.floor(Math.sqrt(2 * MAX_DOCUMENT_BYTES)) - 2;
    const payload = bomb(codes);
    const measured = measureLzUri(payload, MAX_DOCUMENT_BYTES);
    expect(measured).toEqual({ kind: 'ok', length: LZString.decompressFromEncodedURIComponent(payload).length });
    expect(measureLzUri(payload, 1000)).toEqual({ kind: 'too-large' });
    // "aaaa…" is no JSON document.
    expect(refusal(payload)).toEqual([{ path: 'share', message: SHARE_MESSAGES.notJson }]);
  });

  it('text that is not JSON', () => {
    expect(refusal(LZString.compressToEncodedURIComponent('<!doctype html>'))).toEqual([{ path: 'share', message: SHARE_MESSAGES.notJson }]);
  });
});

describe('decodeShare passes the topology inside to importDocument', () => {
  it('names the bad field by its document path', () => {
    const raw = withConfig(exampleJson('default'), 'app1', { workers: 0 });
    expect(decodeShare(LZString.compressToEncodedURIComponent(JSON.stringify(raw)))).toEqual({
      ok: false,
      errors: [{ path: 'nodes[3].config.workers', message: 'must be at least 1' }],
    });
  });

  it('refuses JSON that is not a topology, and a newer version, as importDocument does', () => {
    expect(refusal(LZString.compressToEncodedURIComponent('[1,2]'))).toEqual([
      { path: '', message: 'The document must be a JSON object with "format": "stackscope.topology".' },
    ]);
    const newer = JSON.stringify({ ...exampleJson('default'), version: 3 });
    expect(refusal(LZString.compressToEncodedURIComponent(newer))[0]!.path).toBe('version');
  });
});
