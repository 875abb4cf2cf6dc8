import fc from 'fast-check';
import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RAW, FUZZ, FUZZ_TIMEOUT_MS, anyText, editText, expectIdempotent, expectWellFormed, mutatedDocument, textEdit, validDocument } from './fuzz.node.ts';
import { importDocument, type ImportResult } from './import.ts';
import { LZ_URI_ALPHABET, measureLzUri } from './lz-measure.ts';
import { decodeShare, encodeShare } from './share.ts';
import type { TopologyDocument } from '../model/topology.ts';

/**
 * decodeShare must return a well-formed value for anything; what it opens must be a valid
 * document, which imports again unchanged (skipped where the caller compares it anyway).
 */
function decode(input: unknown, idempotence = true): ImportResult {
  let result;
  try {
    result = decodeShare(input);
  } catch (error) {
    throw new Error(`decodeShare threw: ${String(error)}`, { cause: error });
  }
  expectWellFormed(result);
  if (result.ok && idempotence) expectIdempotent(result.document);
  return result;
}

function imported(value: unknown): TopologyDocument {
  const result = importDocument(value);
  if (!result.ok) throw new Error(`not a valid document: ${JSON.stringify(result.errors)}`);
  return result.document;
}

/** The same document: the same JSON text (a share link is JSON, which has no -0). */
function expectSameDocument(actual: ImportResult, expected: TopologyDocument): void {
  if (!actual.ok) throw new Error(`refused: ${JSON.stringify(actual.errors)}`);
  if (JSON.stringify(actual.document) !== JSON.stringify(expected)) {
    expect(actual.document).toEqual(expected);
    throw new Error('the document changed on the way through the share link');
  }
}

/** The length measure must agree with lz-string wherever lz-string gives text. */
function expectMeasureAgrees(payload: string): void {
  const measured = measureLzUri(payload, Number.POSITIVE_INFINITY);
  let text: string | null | undefined;
  try {
    text = LZString.decompressFromEncodedURIComponent(payload);
  } catch {
    text = undefined;
  }
  if (measured.kind === 'ok' && text?.length !== measured.length) throw new Error(`measured ${measured.length} characters, lz-string gave ${text?.length}`);
  if ((measured.kind === 'empty' || measured.kind === 'truncated') && text !== '' && text !== null) throw new Error(`measured ${measured.kind}, lz-string gave ${text?.length} characters`);
  // 'invalid': lz-string returns null, throws, or (a first code of 3) builds text from undefined.
}

const uriText = (maxLength: number) => fc.string({ unit: fc.constantFrom(...LZ_URI_ALPHABET), maxLength });
const prefix = fc.constantFrom('', '#share=', 'share=', 'https://stackscope.example/#share=', '#event=1&share=');

/** Payloads of real topologies: the default and a few valid edits of it (a fixed sample). */
const PAYLOADS = [imported(DEFAULT_RAW), ...fc.sample(validDocument, { numRuns: 8, seed: 42 }).map(imported)].map((document) => ({ document, payload: encodeShare(document) }));

describe('decodeShare, fuzzed', () => {
  it('never throws on any text, bare or after a share prefix', () => {
    fc.assert(fc.property(prefix, anyText(300), (start, text) => void decode(start + text)), FUZZ);
  }, FUZZ_TIMEOUT_MS);

  it('never throws on random payloads of the URI-safe alphabet, and measures them as lz-string unpacks them', () => {
    // Random characters, and compressed random text (whole or cut), so that the measure meets
    // streams that end properly as well as broken ones.
    const compressed = fc.tuple(anyText(200), fc.nat(), fc.boolean()).map(([text, cut, whole]) => {
      const payload = LZString.compressToEncodedURIComponent(text);
      return whole ? payload : payload.slice(0, cut % (payload.length + 1));
    });
    fc.assert(
      fc.property(prefix, fc.oneof(uriText(400), compressed), (start, payload) => {
        decode(start + payload);
        expectMeasureAgrees(payload);
      }),
      FUZZ,
    );
  }, FUZZ_TIMEOUT_MS);

  it('never throws on real payloads cut short or with characters inserted, removed or replaced; a cut one opens the same topology or none', () => {
    const insertable = fc.oneof({ weight: 6, arbitrary: uriText(6) }, { weight: 1, arbitrary: anyText(4) }, { weight: 1, arbitrary: fc.constantFrom('%24', '%2B', ' ', '%', '#', '&', '=') });
    fc.assert(
      fc.property(fc.constantFrom(...PAYLOADS), fc.array(textEdit(insertable), { minLength: 1, maxLength: 3 }), ({ document, payload }, edits) => {
        const edited = editText(payload, edits);
        const result = decode(edited);
        if (/^[A-Za-z0-9+$-]*$/.test(edited)) expectMeasureAgrees(edited);
        if (edits.every((edit) => edit.kind === 'truncate') && result.ok) expectSameDocument(result, document);
      }),
      FUZZ,
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('encodeShare then decodeShare, fuzzed', () => {
  it('round-trips every valid document, and every mutated document that imports', () => {
    const document = fc.oneof(validDocument, mutatedDocument).map((raw) => importDocument(raw));
    fc.assert(
      fc.property(document, prefix, (result, start) => {
        if (!result.ok) return;
        const payload = encodeShare(result.document);
        expect(payload).toMatch(/^[A-Za-z0-9+$-]*$/);
        expectSameDocument(decode(start + payload, false), result.document);
      }),
      FUZZ,
    );
  }, FUZZ_TIMEOUT_MS);
});
