import { describe, expect, it } from 'vitest';
import { nameMatches, verifyChain, type Certificate } from './certificates.ts';

const NOW = Date.parse('2026-11-23T20:15:27Z');
const ROOTS = ['ISRG Root X1'];
const intermediate: Certificate = { subject: 'R11', san: [], issuer: 'ISRG Root X1', notBefore: '2024-03-13', notAfter: '2027-03-12' };
const leaf = (changes: Partial<Certificate> = {}): Certificate => ({ subject: 'example.com', san: ['example.com'], issuer: 'R11', notBefore: '2026-10-01', notAfter: '2026-12-30', ...changes });

describe('verifyChain', () => {
  it('accepts a chain that leads to a trusted root, and names the path', () => {
    expect(verifyChain([leaf(), intermediate], 'example.com', NOW, ROOTS)).toEqual({ ok: true, path: ['example.com', 'R11', 'ISRG Root X1'] });
  });

  it('refuses a self-signed certificate, and a chain whose intermediate is missing, with AUTHORITY_INVALID', () => {
    const self = verifyChain([leaf({ issuer: 'example.com' })], 'example.com', NOW, ROOTS);
    expect(self).toMatchObject({ ok: false, code: 'NET::ERR_CERT_AUTHORITY_INVALID', detail: expect.stringMatching(/self-signed/) });
    const missing = verifyChain([leaf()], 'example.com', NOW, ROOTS);
    expect(missing).toMatchObject({ ok: false, code: 'NET::ERR_CERT_AUTHORITY_INVALID', detail: expect.stringMatching(/ends at "R11"/) });
    expect(verifyChain([leaf(), intermediate], 'example.com', NOW, [])).toMatchObject({ code: 'NET::ERR_CERT_AUTHORITY_INVALID' });
  });

  it('refuses a name that no subjectAltName covers, ignoring the CN as Chromium does', () => {
    expect(verifyChain([leaf({ san: ['shop.example.net'] }), intermediate], 'example.com', NOW, ROOTS)).toMatchObject({ code: 'NET::ERR_CERT_COMMON_NAME_INVALID' });
    expect(verifyChain([leaf({ san: [] }), intermediate], 'example.com', NOW, ROOTS)).toMatchObject({ code: 'NET::ERR_CERT_COMMON_NAME_INVALID' });
  });

  it('refuses an expired certificate, one not valid yet, and an expired intermediate, with DATE_INVALID', () => {
    const expired = verifyChain([leaf({ notBefore: '2020-01-01', notAfter: '2020-02-01' }), intermediate], 'example.com', NOW, ROOTS);
    expect(expired).toMatchObject({ ok: false, code: 'NET::ERR_CERT_DATE_INVALID', explanation: expect.stringMatching(/expired 2486 days ago/) });
    expect(verifyChain([leaf({ notBefore: '2027-01-01', notAfter: '2027-06-01' }), intermediate], 'example.com', NOW, ROOTS)).toMatchObject({ explanation: expect.stringMatching(/not valid yet/) });
    expect(verifyChain([leaf(), { ...intermediate, notAfter: '2025-01-01' }], 'example.com', NOW, ROOTS)).toMatchObject({ code: 'NET::ERR_CERT_DATE_INVALID', detail: expect.stringMatching(/^The certificate for R11/) });
    // Valid through the whole of its last day (UTC).
    expect(verifyChain([leaf({ notAfter: '2026-11-23' }), intermediate], 'example.com', NOW, ROOTS)).toMatchObject({ ok: true });
  });

  it('reports the most serious fault first: authority, then name, then dates', () => {
    const everything = leaf({ issuer: 'example.com', san: ['other.test'], notAfter: '2020-01-01', notBefore: '2019-01-01' });
    expect(verifyChain([everything], 'example.com', NOW, ROOTS)).toMatchObject({ code: 'NET::ERR_CERT_AUTHORITY_INVALID' });
    expect(verifyChain([leaf({ san: ['other.test'], notAfter: '2020-01-01', notBefore: '2019-01-01' }), intermediate], 'example.com', NOW, ROOTS)).toMatchObject({ code: 'NET::ERR_CERT_COMMON_NAME_INVALID' });
  });
});

describe('nameMatches (RFC 6125 section 6.4)', () => {
  it.each([
    ['example.com', 'example.com', true],
    ['EXAMPLE.com', 'example.COM.', true],
    ['*.example.com', 'www.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'a.b.example.com', false],
    ['*.com', 'example.com', false],
    ['www.example.com', 'example.com', false],
  ])('%s covers %s: %s', (pattern, host, expected) => {
    expect(nameMatches(pattern, host)).toBe(expected);
  });
});
