import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exampleJson } from '../../../test-support/documents.node.ts';
import { nginxConfigSchema, type NginxConfig } from '../config.ts';
import { CATCH_ALL_NAME } from './mapping.ts';
import { nginxConfFromText } from './parser.ts';
import { nginxConfToText, quoteWord } from './printer.ts';
import { tokenize } from './tokenizer.ts';

/** The text read back, with the config itself as `previous`; fails with the errors if there are any. */
function roundTrip(config: NginxConfig, file = false): NginxConfig {
  const text = nginxConfToText(config, { file });
  const result = nginxConfFromText(text, config);
  if (!result.parsed) throw new Error(`${text}\n${JSON.stringify(result.errors)}`);
  return result.parsed;
}

describe('nginxConfToText', () => {
  it('writes a short, tidy nginx.conf: defaults left out, a comment for the certificate data', () => {
    const config = nginxConfigSchema.parse(exampleJson('redirect-http-to-https').nodes.find((node) => node['kind'] === 'nginx')!['config']);
    expect(nginxConfToText(config)).toBe(
      [
        '# nginx at 10.0.0.2, written by Stackscope',
        '',
        'upstream app {',
        '    server app1:8000;',
        '}',
        '',
        "log_format main '$remote_addr - $remote_user [$time_local] \"$request\" '",
        "                '$status $body_bytes_sent \"$http_referer\" \"$http_user_agent\" '",
        "                'upstream=$upstream_addr';",
        'access_log /var/log/nginx/access.log main;',
        '',
        'server {',
        '    listen 80;',
        '    server_name example.com;',
        '',
        '    location / {',
        '        return 301 https://$host$request_uri;',
        '    }',
        '}',
        '',
        'server {',
        '    listen 443 ssl;',
        '    server_name example.com;',
        '    # ssl_certificate: the certificate data is set in the form (example.com, issued by R11, 2 in the chain)',
        '    ssl_certificate /etc/nginx/ssl/example.com.crt;',
        '    ssl_certificate_key /etc/nginx/ssl/example.com.key;',
        '    ssl_protocols TLSv1.2 TLSv1.3;',
        '',
        '    location / {',
        '        proxy_pass http://app;',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('quotes a word only when nginx would read it otherwise', () => {
    for (const value of ['upgrade', '$http_upgrade', '', 'a b', 'x;y', '{', '"q"', "it's", '#x', 'back\\slash', 'tab\there', 'line\nend']) {
      const word = quoteWord(value);
      const { tokens, error } = tokenize(`${word};`);
      expect(error).toBeUndefined();
      expect(tokens[0]).toMatchObject({ type: 'word', value });
    }
    expect(quoteWord('upgrade')).toBe('upgrade');
    expect(quoteWord('a b')).toBe('"a b"');
  });

  it('writes default_server on the first of several blocks sharing a port, and _ for the catch-all name', () => {
    const config = nginxConfigSchema.parse({ servers: [{ listen: 80, server_name: CATCH_ALL_NAME, locations: [] }, { listen: 80, server_name: 'b.example' }] });
    const text = nginxConfToText(config);
    expect(text).toContain('    listen 80 default_server;\n    server_name _;\n}');
    expect(roundTrip(config)).toEqual(config);
  });
});

describe('round trip: nginxConfFromText(nginxConfToText(c), c) is c', () => {
  const examples = readdirSync(join(process.cwd(), 'public/topologies'))
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) =>
      exampleJson(name.replace(/\.json$/, ''))
        .nodes?.filter((node) => node['kind'] === 'nginx')
        .map((node) => [`${name} ${String(node['id'])}`, nginxConfigSchema.parse(node['config'] ?? {})] as const) ?? [],
    );

  it('covers the examples', () => {
    expect(examples.length).toBeGreaterThan(10);
  });

  it.each(examples)('%s', (_, config) => {
    expect(roundTrip(config)).toEqual(config);
    expect(roundTrip(config, true)).toEqual(config);
  });

  it('the schema defaults alone', () => {
    const config = nginxConfigSchema.parse({});
    expect(roundTrip(config)).toEqual(config);
  });

  it('generated configs (fast-check)', () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
    const host = fc.oneof(word, fc.constant(CATCH_ALL_NAME), fc.constant('Example.COM'));
    // Whole milliseconds, as nginx keeps them.
    const seconds = fc.oneof(fc.constant(60), fc.integer({ min: 1, max: 3_600_000 }).map((ms) => ms / 1000));
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '"', "'", '\\', ';', '{', '}', '#', '$', '\t', '\n', 'é'), maxLength: 12 });
    const locationFields = fc.record(
      {
        modifier: fc.constantFrom('none', '=', '^~'),
        path: fc.oneof(fc.constant('/'), word.map((name) => `/${name}/`), fc.constantFrom('/a b', '/x;y', '/{z}')),
        proxy_http_version: fc.constantFrom('1.0', '1.1'),
        proxy_set_header: fc.array(fc.record({ name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,6}$/), value: text }), { maxLength: 3 }),
        proxy_connect_timeout: seconds,
        proxy_read_timeout: seconds,
        root: fc.constantFrom('/srv/www', '/srv/a#b/'),
        index: fc.constantFrom(['index.html'], ['index.htm', 'index.html']),
        try_files: fc.constantFrom(['$uri', '=404'], ['$uri', '$uri/', '/index.html']),
      },
      { requiredKeys: ['path'] },
    );
    const answer = fc.oneof(
      fc.record({ proxy_pass: fc.oneof(word.map((name) => `http://${name}`), fc.constant('http://app1:8000/')) }),
      fc.record({ return: fc.constantFrom('301 https://$host$request_uri', '308 /new') }),
      fc.constant({}),
    );
    const location = fc.tuple(locationFields, answer).map(([fields, target]) => ({ ...fields, ...target }));
    const server = fc.record({
      listen: fc.constantFrom(80, 443, 8080),
      ssl: fc.boolean(),
      server_name: host,
      ssl_protocols: fc.constantFrom(['TLSv1.2', 'TLSv1.3'], ['TLSv1.3'], ['TLSv1.3', 'TLSv1.2']),
      root: fc.constantFrom('/usr/share/nginx/html', '/var/www/html'),
      locations: fc.uniqueArray(location, { maxLength: 4, selector: (l) => `${l.modifier === '=' ? '=' : ''}${l.path}` }),
    });
    const upstreamServer = fc.record(
      {
        server: fc.oneof(word.map((name) => `${name}:8000`), fc.constant('10.0.0.5')),
        weight: fc.integer({ min: 1, max: 10_000 }),
        down: fc.boolean(),
        backup: fc.boolean(),
        max_fails: fc.integer({ min: 0, max: 100 }),
        fail_timeout: fc.integer({ min: 1, max: 3600 }),
      },
      { requiredKeys: ['server'] },
    );
    const upstream = fc.record({ name: fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), method: fc.constantFrom('round_robin', 'least_conn', 'ip_hash'), servers: fc.array(upstreamServer, { minLength: 1, maxLength: 3 }) });
    const config = fc.record(
      {
        servers: fc.array(server, { minLength: 1, maxLength: 4 }),
        upstreams: fc.uniqueArray(upstream, { maxLength: 3, selector: (u) => u.name }),
        keepalive_timeout: fc.oneof(fc.constant(0), fc.constant(75), seconds),
        keepalive_requests: fc.integer({ min: 0, max: 1_000_000 }),
        log_format: fc.oneof(fc.string({ minLength: 1, maxLength: 120 }), text.filter((value) => value.length >= 1)),
      },
      { requiredKeys: ['servers'] },
    );
    fc.assert(
      fc.property(config, (input) => {
        const checked = nginxConfigSchema.safeParse(input);
        fc.pre(checked.success);
        const parsed = checked.data!;
        expect(roundTrip(parsed)).toEqual(parsed);
      }),
      { numRuns: 300 },
    );
  });
});
