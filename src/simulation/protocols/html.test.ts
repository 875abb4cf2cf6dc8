import { describe, expect, it } from 'vitest';
import { isHtml, parsePage, resolveUrl } from './html.ts';

describe('parsePage', () => {
  it('finds the title, the visible text and the linked stylesheet, script and image, in document order', () => {
    const page = parsePage(
      `<!doctype html><html><head><title> Reference
        page </title><link rel="stylesheet" href="main.css"><link rel="preload" href="x.css"><script src="/app.js"></script>
        <style>body{}</style></head><body><h1>Hello</h1><p>Some   <b>bold</b> text</p><script>var hidden = 1;</script>
        <img src="img/logo.png" alt="logo"><ul><li>one</li><li>two</li></ul></body></html>`,
      'http://example.com/dir/index.html',
    );
    expect(page.title).toBe('Reference page');
    expect(page.text).toBe('Hello\nSome bold text\none\ntwo');
    expect(page.subresources).toEqual([
      { kind: 'stylesheet', url: 'http://example.com/dir/main.css' },
      { kind: 'script', url: 'http://example.com/app.js' },
      { kind: 'image', url: 'http://example.com/dir/img/logo.png' },
    ]);
    expect(page.icon).toBeUndefined();
  });

  it('parses as browsers do: unclosed tags, a missing head, attributes without quotes, rel lists', () => {
    const page = parsePage('<title>T</title><link rel="alternate stylesheet" href=a.css><p>one<p>two<link rel="shortcut icon" href=/i.ico>', 'http://a.com/');
    expect(page.text).toBe('one\ntwo');
    expect(page.subresources).toEqual([{ kind: 'stylesheet', url: 'http://a.com/a.css' }]);
    expect(page.icon).toBe('http://a.com/i.ico');
  });

  it('leaves out links that are not http:// or https:// and repeats of the same URL', () => {
    const page = parsePage('<img src="data:image/png;base64,AA"><img src="https://b.com/x.png"><script src="//c.com/x.js"></script><img src="a.png"><img src="./a.png">', 'http://a.com/');
    expect(page.subresources).toEqual([
      { kind: 'image', url: 'https://b.com/x.png' },
      { kind: 'script', url: 'http://c.com/x.js' },
      { kind: 'image', url: 'http://a.com/a.png' },
    ]);
  });

  it('parses each body once and returns the same result for the same body and URL', () => {
    const body = '<title>x</title>';
    expect(parsePage(body, 'http://a.com/')).toBe(parsePage(`${body}`, 'http://a.com/'));
  });

  it('knows HTML by Content-Type, or by the body when there is none', () => {
    expect(isHtml('text/html; charset=utf-8', '')).toBe(true);
    expect(isHtml('text/css', '<html>')).toBe(false);
    expect(isHtml(undefined, '<!doctype html><p>')).toBe(true);
    expect(isHtml(undefined, '{"a":1}')).toBe(false);
  });
});

describe('resolveUrl (RFC 3986 section 5.2)', () => {
  const base = 'http://a.com/b/c/d;p?q';
  it.each([
    ['g', 'http://a.com/b/c/g'],
    ['./g', 'http://a.com/b/c/g'],
    ['g/', 'http://a.com/b/c/g/'],
    ['/g', 'http://a.com/g'],
    ['//g', 'http://g/'],
    ['?y', 'http://a.com/b/c/d;p?y'],
    ['g?y', 'http://a.com/b/c/g?y'],
    ['#s', 'http://a.com/b/c/d;p?q'],
    ['', 'http://a.com/b/c/d;p?q'],
    ['.', 'http://a.com/b/c/'],
    ['..', 'http://a.com/b/'],
    ['../g', 'http://a.com/b/g'],
    ['../../g', 'http://a.com/g'],
    ['../../../g', 'http://a.com/g'],
    ['/./g', 'http://a.com/g'],
    ['g/../h', 'http://a.com/b/c/h'],
    ['http://x.com:8000/y', 'http://x.com:8000/y'],
    ['HTTP://X.com', 'http://x.com/'],
    ['http:g', 'http://a.com/b/c/g'],
    ['\\g', 'http://a.com/g'],
    ['  g  ', 'http://a.com/b/c/g'],
  ])('%s -> %s', (reference, expected) => {
    expect(resolveUrl(base, reference)).toBe(expected);
  });

  it('resolves https:// references and against an https:// base, keeping the base’s scheme', () => {
    expect(resolveUrl(base, 'https://a.com/')).toBe('https://a.com/');
    expect(resolveUrl('https://a.com/b/c', '../d.css')).toBe('https://a.com/d.css');
    expect(resolveUrl('https://a.com/b/c', '//cdn.a.com/x.js')).toBe('https://cdn.a.com/x.js');
    expect(resolveUrl('https://a.com/b/c', 'http://a.com/')).toBe('http://a.com/');
  });

  it('refuses other schemes', () => {
    expect(resolveUrl(base, 'ftp://a.com/')).toBeUndefined();
    expect(resolveUrl(base, 'javascript:alert(1)')).toBeUndefined();
    expect(resolveUrl(base, 'mailto:x@y')).toBeUndefined();
  });
});
