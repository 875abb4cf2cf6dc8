import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { SqlResultPayload } from '../engine/packet.ts';
import { ByteWriter, encodedLength } from './bytes.ts';
import { encodeQuery, encodeResult, queryByteLength, resultByteLength } from './sql.ts';

const text = fc.string({ unit: 'binary' });

describe('SQL message lengths', () => {
  it('measures text exactly as ByteWriter encodes it, surrogates included', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(encodedLength(value)).toBe(new ByteWriter().utf8(value).length);
      }),
    );
    expect(encodedLength('a\ud800b\udc00\ud83d\ude00')).toBe(new ByteWriter().utf8('a\ud800b\udc00\ud83d\ude00').length);
  });

  it('gives the length of the encoded Query without encoding it', () => {
    fc.assert(
      fc.property(text, (query) => {
        expect(queryByteLength({ protocol: 'sql', kind: 'query', query })).toBe(encodeQuery({ protocol: 'sql', kind: 'query', query }).length);
      }),
    );
  });

  it('gives the length of the encoded result or error without encoding it', () => {
    fc.assert(
      fc.property(fc.array(text), fc.array(fc.array(text)), fc.option(text), fc.option(fc.tuple(text, text)), (columns, rows, commandTag, failure) => {
        const result: SqlResultPayload = {
          protocol: 'sql',
          kind: 'result',
          columns,
          rows,
          commandTag,
          error: failure ? { severity: 'ERROR', code: failure[0], message: failure[1] } : null,
        };
        expect(resultByteLength(result)).toBe(encodeResult(result).length);
      }),
    );
  });
});
