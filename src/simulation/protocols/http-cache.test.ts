import { describe, expect, it } from 'vitest';
import type { HeaderList } from '../model/message.ts';
import { httpDate } from './http.ts';
import {
  conditionalHeaders,
  currentAge,
  freshenedBy304,
  freshnessLifetime,
  invalidates,
  isStorable,
  lookUp,
  matches304,
  parseCacheControl,
  variedValues,
  type StoredResponse,
} from './http-cache.ts';

const stored = (headers: HeaderList, extra: Partial<StoredResponse> = {}): StoredResponse => ({
  url: 'http://example.com/a',
  status: 200,
  reason: 'OK',
  headers,
  body: 'body',
  requestTime: 0,
  responseTime: 0,
  varied: [],
  ...extra,
});
const noHeader = () => undefined;

describe('Cache-Control (RFC 9111 section 5.2)', () => {
  it('parses directives case-insensitively, with quoted arguments', () => {
    const directives = parseCacheControl('Max-Age=60, no-cache, private="Set-Cookie"');
    expect(directives.get('max-age')).toBe('60');
    expect(directives.get('no-cache')).toBe(true);
    expect(directives.get('private')).toBe('Set-Cookie');
    expect(parseCacheControl(undefined).size).toBe(0);
  });
});

describe('what is stored (section 3)', () => {
  it('stores a GET with freshness or a validator; not no-store, not POST, not 206/304, not Vary: *', () => {
    expect(isStorable('GET', 200, [['Cache-Control', 'max-age=60']])).toBe(true);
    expect(isStorable('GET', 200, [['ETag', '"x"']])).toBe(true);
    expect(isStorable('GET', 200, [['Last-Modified', httpDate(0)]])).toBe(true);
    expect(isStorable('GET', 200, [['Cache-Control', 'no-store'], ['ETag', '"x"']])).toBe(false);
    expect(isStorable('POST', 200, [['Cache-Control', 'max-age=60']])).toBe(false);
    expect(isStorable('GET', 304, [['ETag', '"x"']])).toBe(false);
    expect(isStorable('GET', 200, [['ETag', '"x"'], ['Vary', '*']])).toBe(false);
    // Nothing that would let it be reused: not worth keeping.
    expect(isStorable('GET', 200, [['Content-Type', 'text/html']])).toBe(false);
    // 302 is not heuristically cacheable: only with explicit freshness.
    expect(isStorable('GET', 302, [['ETag', '"x"']])).toBe(false);
    expect(isStorable('GET', 302, [['Cache-Control', 'max-age=5']])).toBe(true);
  });
});

describe('freshness (section 4.2)', () => {
  it('max-age, then Expires minus Date, then 10% of Date minus Last-Modified', () => {
    expect(freshnessLifetime(stored([['Cache-Control', 'max-age=60'], ['Expires', httpDate(10_000)]]))).toBe(60_000);
    expect(freshnessLifetime(stored([['Date', httpDate(0)], ['Expires', httpDate(10_000)]]))).toBe(10_000);
    expect(freshnessLifetime(stored([['Date', httpDate(0)], ['Expires', '0']]))).toBe(0);
    expect(freshnessLifetime(stored([['Date', httpDate(0)], ['Last-Modified', httpDate(-100_000)]]))).toBe(10_000);
    expect(freshnessLifetime(stored([['ETag', '"x"']]))).toBe(0);
  });

  it('age: corrected initial age plus resident time (section 4.2.3)', () => {
    // Sent at 0, answered at 200 ms, the Age header says 10 s.
    const response = stored([['Date', httpDate(0)], ['Age', '10']], { requestTime: 0, responseTime: 200 });
    expect(currentAge(response, 5_200)).toBe(10_200 + 5_000);
    // A Date in the past makes the apparent age.
    const late = stored([['Date', httpDate(-30_000)]], { requestTime: 0, responseTime: 0 });
    expect(currentAge(late, 0)).toBe(30_000);
  });

  it('look-up: fresh, then stale with validators, no-cache always revalidates, no validator is a miss', () => {
    const response = stored([['Date', httpDate(0)], ['Cache-Control', 'max-age=60'], ['ETag', '"v1"']]);
    expect(lookUp(response, 59_999, noHeader).kind).toBe('fresh');
    expect(lookUp(response, 60_000, noHeader)).toMatchObject({ kind: 'revalidate', reason: 'stale', conditions: [['If-None-Match', '"v1"']] });
    expect(lookUp(stored([['Cache-Control', 'no-cache, max-age=600'], ['ETag', '"v1"']]), 1, noHeader)).toMatchObject({ kind: 'revalidate', reason: 'no-cache' });
    expect(lookUp(stored([['Cache-Control', 'max-age=1']]), 5_000, noHeader).kind).toBe('miss');
    expect(lookUp(undefined, 0, noHeader).kind).toBe('miss');
  });

  it('Vary: a stored response answers only a request with the same values', () => {
    const headers: HeaderList = [['Cache-Control', 'max-age=60'], ['Vary', 'Cookie']];
    const response = stored(headers, { varied: variedValues(headers, () => 'session=a') });
    expect(lookUp(response, 1, () => 'session=a').kind).toBe('fresh');
    expect(lookUp(response, 1, () => 'session=b').kind).toBe('miss');
  });
});

describe('revalidation (sections 4.3, 4.4)', () => {
  it('sends If-None-Match then If-Modified-Since', () => {
    expect(conditionalHeaders(stored([['Last-Modified', 'Mon, 23 Nov 2026 20:00:25 GMT'], ['ETag', '"6b049b59-af"']]))).toEqual([
      ['If-None-Match', '"6b049b59-af"'],
      ['If-Modified-Since', 'Mon, 23 Nov 2026 20:00:25 GMT'],
    ]);
  });

  it('a 304 updates the stored headers (not Content-Length or Connection), keeps the body, restarts the age', () => {
    const before = stored([['Date', httpDate(0)], ['Content-Length', '4'], ['ETag', '"v1"'], ['Cache-Control', 'max-age=60']]);
    const after = freshenedBy304(before, [['Date', httpDate(90_000)], ['Cache-Control', 'max-age=120'], ['Content-Length', '0'], ['Connection', 'keep-alive']], 89_000, 90_000);
    expect(after.body).toBe('body');
    expect(after.headers).toEqual([['Content-Length', '4'], ['ETag', '"v1"'], ['Date', httpDate(90_000)], ['Cache-Control', 'max-age=120']]);
    expect(lookUp(after, 200_000, noHeader).kind).toBe('fresh');
    expect(lookUp(after, 210_000, noHeader).kind).toBe('revalidate');
  });

  it('a 304 with a different strong ETag does not answer the stored response', () => {
    const response = stored([['ETag', '"v1"']]);
    expect(matches304(response, [['ETag', '"v1"']])).toBe(true);
    expect(matches304(response, [])).toBe(true);
    expect(matches304(response, [['ETag', '"v2"']])).toBe(false);
  });

  it('an unsafe method answered without error invalidates the URL', () => {
    expect(invalidates('POST', 200)).toBe(true);
    expect(invalidates('DELETE', 302)).toBe(true);
    expect(invalidates('POST', 500)).toBe(false);
    expect(invalidates('GET', 200)).toBe(false);
  });
});

describe('list-valued headers (RFC 9110 section 5.3)', () => {
  it('reads every Cache-Control field line: max-age=60 then no-store means no-store', () => {
    expect(isStorable('GET', 200, [['Cache-Control', 'max-age=60'], ['Cache-Control', 'no-store']])).toBe(false);
    expect(isStorable('GET', 200, [['Cache-Control', 'max-age=60']])).toBe(true);
  });

  it('reads every Vary field line: a * on the second one means nothing can be reused', () => {
    expect(isStorable('GET', 200, [['Cache-Control', 'max-age=60'], ['Vary', 'Accept'], ['Vary', '*']])).toBe(false);
  });
});
