import { describe, expect, it } from 'vitest';
import { nginxConfFromText, parseConf } from './parser.ts';

/** The errors of a text as "line:column message". */
const errorsOf = (text: string) => nginxConfFromText(text).errors.map((error) => `${error.line}:${error.column} ${error.message}`);

describe('the directive tree', () => {
  it('holds names, arguments, blocks and positions', () => {
    const { directives, error } = parseConf('http {\n  upstream app { server a:1 weight=2; }\n}\n');
    expect(error).toBeUndefined();
    expect(directives).toEqual([
      {
        name: 'http',
        args: [],
        line: 1,
        column: 1,
        block: [
          {
            name: 'upstream',
            args: [{ value: 'app', quoted: false, line: 2, column: 12 }],
            line: 2,
            column: 3,
            block: [{ name: 'server', args: [{ value: 'a:1', quoted: false, line: 2, column: 25 }, { value: 'weight=2', quoted: false, line: 2, column: 29 }], line: 2, column: 18 }],
          },
        ],
      },
    ]);
  });

  it('keeps the directives before a syntax error', () => {
    const { directives, error } = parseConf('listen 80;\n}');
    expect(directives.map((d) => d.name)).toEqual(['listen']);
    expect(error).toMatchObject({ line: 2, column: 1, message: 'unexpected "}"' });
  });
});

describe('syntax errors of broken files, at their line and column', () => {
  it.each([
    ['a } too many', 'server {\n    listen 80;\n}\n}\n', ['4:1 unexpected "}"']],
    ['a block never closed', 'http {\n    server {\n        listen 80;\n    }\n', ['5:1 unexpected end of file, expecting "}"']],
    ['a missing ; before }', 'server {\n    location / {\n        proxy_pass http://app\n    }\n}\n', ['4:5 unexpected "}"']],
    ['a missing ; at the end', 'keepalive_timeout 65', ['1:21 unexpected end of file, expecting ";" or "}"']],
    ['an unterminated quote', 'server {\n    return 301 "https://x;\n}\n', ['4:1 unexpected end of file, expecting ";" or "}"']],
    ['text glued to a quote', 'server {\n    server_name "a"b;\n}', ['2:20 unexpected "b"']],
    ['a lone ;', 'server {\n    ;\n}', ['2:5 unexpected ";"']],
  ])('%s', (_, text, expected) => {
    expect(errorsOf(text)).toEqual(expected);
  });
});

describe("nginx's checks of each directive", () => {
  it('a block opened where ; belongs: directive "listen" is not terminated by ";"', () => {
    expect(errorsOf('server {\n    listen 80 {\n    }\n}')).toEqual(['2:5 directive "listen" is not terminated by ";"']);
  });

  it('a block directive without a block: has no opening "{"', () => {
    expect(errorsOf('server;')).toEqual(['1:1 directive "server" has no opening "{"']);
  });

  it('invalid number of arguments', () => {
    expect(errorsOf('server {\n    listen;\n    location / {\n        proxy_pass;\n        proxy_set_header Host;\n    }\n}')).toEqual([
      '2:5 invalid number of arguments in "listen" directive',
      '4:9 invalid number of arguments in "proxy_pass" directive',
      '5:9 invalid number of arguments in "proxy_set_header" directive',
    ]);
  });

  it('a directive in the wrong context: "proxy_pass" directive is not allowed here', () => {
    expect(errorsOf('server {\n    listen 80;\n    proxy_pass http://app;\n}\nupstream app { server a:1; listen 80; }')).toEqual([
      '3:5 "proxy_pass" directive is not allowed here',
      '5:28 "listen" directive is not allowed here',
    ]);
  });

  it('a whole file puts server in http only: "server" directive is not allowed here at the top', () => {
    expect(errorsOf('events {}\nserver {\n    listen 80;\n}')).toEqual(['2:1 "server" directive is not allowed here']);
  });

  it('an unknown name, with the nearest real directive', () => {
    expect(errorsOf('server {\n    location / {\n        proxy_pas http://app;\n        lisen 80;\n        frobnicate on;\n    }\n}')).toEqual([
      '3:9 unknown directive "proxy_pas": did you mean "proxy_pass"?',
      '4:9 unknown directive "lisen": did you mean "listen"?',
      '5:9 unknown directive "frobnicate"',
    ]);
  });

  it('duplicates nginx refuses', () => {
    expect(
      errorsOf(
        'upstream app { server a:1; }\nupstream app { server b:1; }\nserver {\n    root /a;\n    root /b;\n    location / { proxy_pass http://app; proxy_pass http://b; }\n    location / { }\n}',
      ),
    ).toEqual([
      '2:1 duplicate upstream "app"',
      '5:5 "root" directive is duplicate',
      '6:41 "proxy_pass" directive is duplicate',
      '7:5 duplicate location "/"',
    ]);
  });

  it('bad values, in nginx words', () => {
    expect(
      errorsOf(
        'upstream app { server a:1 weight=x; }\nserver {\n    listen 80 spdy;\n    listen abc:x;\n    location / {\n        proxy_read_timeout 1q;\n        proxy_http_version 2.0;\n        return abc;\n    }\n}\naccess_log /var/log/a.log nosuch;',
      ),
    ).toEqual([
      '1:27 invalid parameter "weight=x"',
      '3:15 invalid parameter "spdy"',
      '4:12 invalid port in "abc:x" of the "listen" directive',
      '6:28 "proxy_read_timeout" directive invalid value "1q": a time such as 60s, 500ms or 1m',
      '7:28 invalid value "2.0" in "proxy_http_version" directive: it must be 1.0 or 1.1',
      '8:16 invalid return code "abc"',
      '11:27 unknown log format "nosuch"',
    ]);
  });

  it('an ssl port needs a certificate and its key, as nginx requires', () => {
    expect(errorsOf('server {\n    listen 443 ssl;\n}')).toEqual(['2:5 no "ssl_certificate" is defined for the listen ... ssl directive']);
    expect(errorsOf('server {\n    listen 443 ssl;\n    ssl_certificate /c.crt;\n}')).toEqual(['3:5 no "ssl_certificate_key" is defined for certificate "/c.crt"']);
  });

  it("the config schema's checks, at the directive that set the field", () => {
    expect(
      errorsOf(
        'upstream app { server a:1 weight=0; }\nupstream web { ip_hash; server b:1 backup; }\nupstream empty { }\nserver {\n    listen 70000;\n    location / {\n        proxy_pass https://app;\n        return 301 https://x;\n        try_files $uri $uri/;\n    }\n    location nope { }\n}',
      ),
    ).toEqual([
      '1:27 "server" directive: weight must be at least 1',
      '2:36 "server" directive: ip_hash cannot be used with backup servers: nginx refuses to start (invalid parameter "backup").',
      '3:1 no servers are inside upstream "empty"',
      '5:12 invalid port in "70000" of the "listen" directive',
      '7:9 "proxy_pass" directive: must be http://<upstream or host:port>',
      '7:9 "proxy_pass" directive: a location either proxies (proxy_pass) or answers itself (return), not both.',
      '9:9 "try_files" directive: the last try_files entry is the fallback: =404 (a status) or a URI such as /index.html.',
      '11:5 "location" directive: path must start with /',
    ]);
  });

  it('no server block at all', () => {
    expect(errorsOf('upstream app { server a:1; }')).toEqual(['1:1 nginx needs at least one server block']);
  });
});
