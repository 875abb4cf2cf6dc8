import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  cookieHeader,
  cookiesFor,
  defaultPath,
  domainMatches,
  parseCookieDate,
  parseSetCookie,
  pathMatches,
  siteOf,
  storeCookie,
  withoutExpired,
  type CookieContext,
  type CookieJar,
} from './cookies.ts';

const NOW = Date.UTC(2026, 10, 23, 20, 15, 29);
const at = (host: string, path = '/', extra: Partial<CookieContext> = {}): CookieContext => ({ host, path, secure: false, method: 'GET', topLevelNavigation: true, sameSite: true, ...extra });

/** Stores each Set-Cookie in turn, as received for `context`, one millisecond apart. */
function jarOf(headers: string[], context = at('example.com'), start = NOW): CookieJar {
  let jar: CookieJar = [];
  headers.forEach((header, index) => {
    jar = storeCookie(jar, header, context, start + index, index).jar;
  });
  return jar;
}

describe('Set-Cookie parsing (RFC 6265 section 5.2)', () => {
  it('reads the recorded Flask session cookie', () => {
    expect(parseSetCookie('session=eyJ1c2VyIjoieCJ9.awSe4Q.8pPId7VsKLSseL3UqtrEAZ4vkrk; HttpOnly; Path=/')).toEqual({
      name: 'session',
      value: 'eyJ1c2VyIjoieCJ9.awSe4Q.8pPId7VsKLSseL3UqtrEAZ4vkrk',
      path: '/',
      secure: false,
      httpOnly: true,
    });
  });

  it('ignores a cookie without "=" or with an empty name; trims spaces and tabs; keeps "=" in the value', () => {
    expect(parseSetCookie('novalue')).toBeUndefined();
    expect(parseSetCookie('=abc')).toBeUndefined();
    expect(parseSetCookie(' \tname \t= a=b=c ; Path=/')).toMatchObject({ name: 'name', value: 'a=b=c' });
    expect(parseSetCookie('empty=')).toMatchObject({ name: 'empty', value: '' });
  });

  it('reads attribute names case-insensitively; the last of each wins; unknown ones are ignored', () => {
    expect(parseSetCookie('a=1; PATH=/x; path=/y; SECURE; hTTpOnLy; Foo=bar')).toMatchObject({ path: '/y', secure: true, httpOnly: true });
  });

  it('Max-Age: digits with an optional leading minus only', () => {
    expect(parseSetCookie('a=1; Max-Age=60')?.maxAge).toBe(60);
    expect(parseSetCookie('a=1; Max-Age=-1')?.maxAge).toBe(-1);
    expect(parseSetCookie('a=1; Max-Age=+5')?.maxAge).toBeUndefined();
    expect(parseSetCookie('a=1; Max-Age=5s')?.maxAge).toBeUndefined();
    expect(parseSetCookie('a=1; Max-Age=')?.maxAge).toBeUndefined();
  });

  it('Domain: empty is ignored, a leading dot dropped, lower-cased', () => {
    expect(parseSetCookie('a=1; Domain=')?.domain).toBeUndefined();
    expect(parseSetCookie('a=1; Domain=.Example.COM')?.domain).toBe('example.com');
  });

  it('Path: a value not starting with "/" means the default path', () => {
    expect(parseSetCookie('a=1; Path=relative')?.path).toBeNull();
    expect(parseSetCookie('a=1; Path=')?.path).toBeNull();
  });

  it('SameSite: Strict, Lax, None in any case; anything else ignored', () => {
    expect(parseSetCookie('a=1; SameSite=strict')?.sameSite).toBe('Strict');
    expect(parseSetCookie('a=1; SameSite=LAX')?.sameSite).toBe('Lax');
    expect(parseSetCookie('a=1; SameSite=None')?.sameSite).toBe('None');
    expect(parseSetCookie('a=1; SameSite=maybe')?.sameSite).toBeUndefined();
  });
});

describe('cookie dates (section 5.1.1)', () => {
  it('reads the formats servers send', () => {
    const expected = Date.UTC(2015, 9, 21, 7, 28, 0);
    expect(parseCookieDate('Wed, 21 Oct 2015 07:28:00 GMT')).toBe(expected);
    expect(parseCookieDate('Wednesday, 21-Oct-15 07:28:00 GMT')).toBe(expected);
    expect(parseCookieDate('Wed Oct 21 07:28:00 2015')).toBe(expected);
    expect(parseCookieDate('21 october 2015 7:28:00')).toBe(expected);
  });

  it('maps two-digit years: 70-99 to 19xx, 00-69 to 20xx', () => {
    expect(parseCookieDate('1 Jan 70 00:00:00')).toBe(Date.UTC(1970, 0, 1));
    expect(parseCookieDate('1 Jan 69 00:00:00')).toBe(Date.UTC(2069, 0, 1));
  });

  it('refuses invalid dates', () => {
    expect(parseCookieDate('')).toBeUndefined();
    expect(parseCookieDate('Wed, 21 Oct 2015')).toBeUndefined();
    expect(parseCookieDate('32 Oct 2015 07:28:00')).toBeUndefined();
    expect(parseCookieDate('21 Oct 1600 07:28:00')).toBeUndefined();
    expect(parseCookieDate('21 Oct 2015 24:00:00')).toBeUndefined();
    expect(parseCookieDate('30 Feb 2015 00:00:00')).toBeUndefined();
    expect(parseCookieDate('0')).toBeUndefined();
  });
});

describe('domain-match, path-match and default-path (sections 5.1.3, 5.1.4)', () => {
  it('domain-matches', () => {
    expect(domainMatches('example.com', 'example.com')).toBe(true);
    expect(domainMatches('www.example.com', 'example.com')).toBe(true);
    expect(domainMatches('badexample.com', 'example.com')).toBe(false);
    expect(domainMatches('example.com', 'www.example.com')).toBe(false);
    expect(domainMatches('1.2.3.4', '2.3.4')).toBe(false);
  });

  it('path-matches', () => {
    expect(pathMatches('/', '/')).toBe(true);
    expect(pathMatches('/app', '/app')).toBe(true);
    expect(pathMatches('/app/x', '/app')).toBe(true);
    expect(pathMatches('/app/x', '/app/')).toBe(true);
    expect(pathMatches('/application', '/app')).toBe(false);
    expect(pathMatches('/', '/app')).toBe(false);
  });

  it('default-path', () => {
    expect(defaultPath('')).toBe('/');
    expect(defaultPath('/')).toBe('/');
    expect(defaultPath('/login')).toBe('/');
    expect(defaultPath('/a/b/c')).toBe('/a/b');
    expect(defaultPath('/a/b/')).toBe('/a/b');
  });
});

describe('storage model (section 5.3)', () => {
  it('a cookie without Domain is host-only: not sent to subdomains', () => {
    const jar = jarOf(['a=1']);
    expect(jar[0]).toMatchObject({ domain: 'example.com', hostOnly: true, path: '/' });
    expect(cookieHeader(jar, at('example.com'), NOW)).toBe('a=1');
    expect(cookieHeader(jar, at('www.example.com'), NOW)).toBeUndefined();
  });

  it('Domain widens a cookie to subdomains, only if the host domain-matches it', () => {
    const jar = jarOf(['a=1; Domain=example.com'], at('www.example.com'));
    expect(jar[0]).toMatchObject({ domain: 'example.com', hostOnly: false });
    expect(cookieHeader(jar, at('api.example.com'), NOW)).toBe('a=1');
    expect(jarOf(['a=1; Domain=other.com'], at('www.example.com'))).toEqual([]);
    expect(jarOf(['a=1; Domain=www.example.com'], at('example.com'))).toEqual([]);
    expect(jarOf(['a=1; Domain=com'], at('example.com'))).toEqual([]);
  });

  it('the default path is the directory of the request path', () => {
    const jar = jarOf(['a=1'], at('example.com', '/account/login'));
    expect(jar[0]!.path).toBe('/account');
    expect(cookieHeader(jar, at('example.com', '/account/settings'), NOW)).toBe('a=1');
    expect(cookieHeader(jar, at('example.com', '/'), NOW)).toBeUndefined();
  });

  it('replaces a cookie with the same name, domain and path, keeping its creation time', () => {
    const jar = jarOf(['a=1', 'b=2', 'a=3']);
    expect(jar.map((cookie) => `${cookie.name}=${cookie.value}`)).toEqual(['b=2', 'a=3']);
    expect(jar.find((cookie) => cookie.name === 'a')!.creation).toBe(NOW);
    // Older first, so a=3 still comes before b=2.
    expect(cookieHeader(jar, at('example.com'), NOW + 10)).toBe('a=3; b=2');
  });

  it('keeps two cookies of the same name with different paths', () => {
    const jar = jarOf(['a=root; Path=/', 'a=deep; Path=/x']);
    expect(cookieHeader(jar, at('example.com', '/x/y'), NOW + 5)).toBe('a=deep; a=root');
  });

  it('Max-Age wins over Expires, whatever their order', () => {
    const jar = jarOf(['a=1; Max-Age=10; Expires=Wed, 21 Oct 2015 07:28:00 GMT', 'b=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=10']);
    expect(jar.map((cookie) => cookie.expiry)).toEqual([NOW + 10_000, NOW + 1 + 10_000]);
  });

  it('expires cookies in (virtual) time; Max-Age=0 or a past Expires deletes', () => {
    const jar = jarOf(['a=1; Max-Age=60', 'b=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT', 'c=1']);
    expect(jar.map((cookie) => cookie.expiry === null)).toEqual([false, false, true]);
    expect(cookieHeader(jar, at('example.com'), NOW + 59_999)).toBe('a=1; b=1; c=1');
    expect(cookieHeader(jar, at('example.com'), NOW + 60_000)).toBe('b=1; c=1');
    expect(withoutExpired(jar, NOW + 60_000).map((cookie) => cookie.name)).toEqual(['b', 'c']);
    expect(withoutExpired(jar, NOW)).toBe(jar);
    const deleted = storeCookie(jar, 'a=; Max-Age=0', at('example.com'), NOW + 5, 9);
    expect(deleted.outcome).toEqual({ kind: 'deleted', name: 'a' });
    expect(deleted.jar.map((cookie) => cookie.name)).toEqual(['b', 'c']);
    expect(storeCookie(jar, 'c=; Expires=Thu, 01 Jan 1970 00:00:00 GMT', at('example.com'), NOW + 5, 9).jar.map((cookie) => cookie.name)).toEqual(['a', 'b']);
  });

  it('refuses Secure cookies from http://, SameSite=None without Secure, and overwriting a Secure cookie over http://', () => {
    expect(storeCookie([], 'a=1; Secure', at('example.com'), NOW, 0).outcome).toMatchObject({ kind: 'ignored', reason: 'a Secure cookie cannot be set over http://' });
    expect(storeCookie([], 'a=1; SameSite=None', at('example.com'), NOW, 0).outcome).toMatchObject({ kind: 'ignored', reason: 'SameSite=None requires Secure' });
    const secure = storeCookie([], 'a=1; Secure', at('example.com', '/', { secure: true }), NOW, 0).jar;
    expect(secure).toHaveLength(1);
    expect(storeCookie(secure, 'a=2', at('example.com'), NOW, 1).outcome.kind).toBe('ignored');
  });

  it('a cross-site subresource may not set a Lax or Strict cookie', () => {
    const crossSite = at('tracker.net', '/', { topLevelNavigation: false, sameSite: false });
    expect(storeCookie([], 'a=1', crossSite, NOW, 0).outcome.kind).toBe('ignored');
    expect(storeCookie([], 'a=1', { ...crossSite, topLevelNavigation: true }, NOW, 0).outcome.kind).toBe('stored');
  });
});

describe('the Cookie header (section 5.4)', () => {
  it('never sends a Secure cookie over http://', () => {
    const jar = storeCookie([], 's=1; Secure', at('example.com', '/', { secure: true }), NOW, 0).jar;
    expect(cookieHeader(jar, at('example.com'), NOW)).toBeUndefined();
    expect(cookieHeader(jar, at('example.com', '/', { secure: true }), NOW)).toBe('s=1');
  });

  it('sends HttpOnly cookies over HTTP (HttpOnly only hides them from scripts)', () => {
    expect(cookieHeader(jarOf(['h=1; HttpOnly']), at('example.com'), NOW)).toBe('h=1');
  });

  it('orders longer paths first, then older cookies first', () => {
    const jar = jarOf(['old=1; Path=/', 'mid=1; Path=/a', 'deep=1; Path=/a/b', 'new=1; Path=/']);
    expect(cookieHeader(jar, at('example.com', '/a/b/c'), NOW + 10)).toBe('deep=1; mid=1; old=1; new=1');
  });

  it('SameSite: Strict only same-site; Lax (and no attribute) also on top-level GET navigations; never on a cross-site POST', () => {
    const jar = jarOf(['strict=1; SameSite=Strict', 'lax=1; SameSite=Lax', 'plain=1']);
    const names = (context: CookieContext) => cookiesFor(jar, context, NOW + 10).map((cookie) => cookie.name);
    expect(names(at('example.com'))).toEqual(['strict', 'lax', 'plain']);
    expect(names(at('example.com', '/', { sameSite: false }))).toEqual(['lax', 'plain']);
    expect(names(at('example.com', '/', { sameSite: false, method: 'POST' }))).toEqual([]);
    expect(names(at('example.com', '/', { sameSite: false, topLevelNavigation: false }))).toEqual([]);
  });

  it('sites: the last two labels; an IP address is its own site', () => {
    expect(siteOf('www.example.com')).toBe('example.com');
    expect(siteOf('example.com')).toBe('example.com');
    expect(siteOf('10.0.0.2')).toBe('10.0.0.2');
  });

  it('property: the header lists each applicable cookie once, and a stored cookie is always sent back to its own path', () => {
    const name = fc.stringMatching(/^[a-z]{1,4}$/);
    const path = fc.constantFrom('/', '/a', '/a/b', '/c');
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.stringMatching(/^[a-z0-9]{0,4}$/), path), { maxLength: 12 }), (cookies) => {
        const jar = jarOf(cookies.map(([n, v, p]) => `${n}=${v}; Path=${p}`));
        for (const cookie of jar) {
          const sent = cookiesFor(jar, at('example.com', cookie.path), NOW + 100);
          expect(sent).toContain(cookie);
          expect(new Set(sent).size).toBe(sent.length);
          for (let index = 1; index < sent.length; index++) expect(sent[index - 1]!.path.length).toBeGreaterThanOrEqual(sent[index]!.path.length);
        }
        // One cookie per (name, path): later ones replaced earlier ones.
        expect(new Set(jar.map((cookie) => `${cookie.name} ${cookie.path}`)).size).toBe(jar.length);
      }),
    );
  });
});
