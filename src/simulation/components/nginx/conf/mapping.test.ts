import { describe, expect, it } from 'vitest';
import { DEFAULT_CERTIFICATE_CHAIN } from '../../tls-config.ts';
import { nginxConfigSchema } from '../config.ts';
import { CATCH_ALL_NAME, parseTime } from './mapping.ts';
import { nginxConfFromText } from './parser.ts';

const FULL = `# /etc/nginx/nginx.conf
user  nginx;
worker_processes  auto;
error_log  /var/log/nginx/error.log notice;
pid        /var/run/nginx.pid;

events {
    worker_connections  1024;
}

http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';
    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    keepalive_timeout  65;
    keepalive_requests 500;
    proxy_read_timeout 90s;

    upstream app {
        least_conn;
        server app1:8000 weight=3 max_fails=2 fail_timeout=30s;
        server app2:8000;
        server app3:8000 backup;
        server 10.0.0.9:8000 down;
    }

    upstream ws {
        ip_hash;
        server chat:8765 max_fails=0;
    }

    server {
        listen 80 default_server;
        server_name example.com;
        return 301 https://$host$request_uri;
    }

    server {
        listen 443 ssl;
        server_name example.com;
        ssl_certificate     /etc/nginx/ssl/example.com.crt;
        ssl_certificate_key /etc/nginx/ssl/example.com.key;
        ssl_protocols TLSv1.3;
        root /srv/www;
        proxy_set_header Host $host;

        location / {
            proxy_pass http://app;
            proxy_connect_timeout 5s;
        }

        location = /healthz {
            return 302 /status;
        }

        location ^~ /static/ {
            root /srv/assets;
            index index.htm index.html;
            try_files $uri $uri/ =404;
        }

        location /ws/ {
            proxy_pass http://ws;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_read_timeout 1h;
        }
    }
}
`;

describe('a realistic nginx.conf', () => {
  const result = nginxConfFromText(FULL);

  it('reads without errors', () => {
    expect(result.errors).toEqual([]);
  });

  it('maps upstreams with their method and server parameters', () => {
    expect(result.parsed!.upstreams).toEqual([
      {
        name: 'app',
        method: 'least_conn',
        servers: [
          { server: 'app1:8000', weight: 3, down: false, backup: false, max_fails: 2, fail_timeout: 30 },
          { server: 'app2:8000', weight: 1, down: false, backup: false, max_fails: 1, fail_timeout: 10 },
          { server: 'app3:8000', weight: 1, down: false, backup: true, max_fails: 1, fail_timeout: 10 },
          { server: '10.0.0.9:8000', weight: 1, down: true, backup: false, max_fails: 1, fail_timeout: 10 },
        ],
      },
      { name: 'ws', method: 'ip_hash', servers: [{ server: 'chat:8765', weight: 1, down: false, backup: false, max_fails: 0, fail_timeout: 10 }] },
    ]);
  });

  it('maps http-level settings: keepalive, the log_format named by access_log', () => {
    expect(result.parsed).toMatchObject({
      keepalive_timeout: 65,
      keepalive_requests: 500,
      log_format: '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"',
    });
  });

  it("maps a server-level return as location / { return … }", () => {
    expect(result.parsed!.servers[0]).toMatchObject({ listen: 80, ssl: false, server_name: 'example.com', locations: [{ modifier: 'none', path: '/', return: '301 https://$host$request_uri' }] });
  });

  it('maps the TLS block, its locations of each modifier, and what they inherit from server and http', () => {
    const server = result.parsed!.servers[1]!;
    expect(server).toMatchObject({ listen: 443, ssl: true, server_name: 'example.com', ssl_protocols: ['TLSv1.3'], root: '/srv/www', ssl_certificate: DEFAULT_CERTIFICATE_CHAIN });
    const host = { name: 'Host', value: '$host' };
    expect(server.locations).toEqual([
      { modifier: 'none', path: '/', proxy_pass: 'http://app', proxy_http_version: '1.0', proxy_set_header: [host], proxy_connect_timeout: 5, proxy_read_timeout: 90, proxy_next_upstream: ['error', 'timeout'], index: ['index.html'] },
      { modifier: '=', path: '/healthz', return: '302 /status', proxy_http_version: '1.0', proxy_set_header: [host], proxy_connect_timeout: 60, proxy_read_timeout: 90, proxy_next_upstream: ['error', 'timeout'], index: ['index.html'] },
      { modifier: '^~', path: '/static/', root: '/srv/assets', index: ['index.htm', 'index.html'], try_files: ['$uri', '$uri/', '=404'], proxy_http_version: '1.0', proxy_set_header: [host], proxy_connect_timeout: 60, proxy_read_timeout: 90, proxy_next_upstream: ['error', 'timeout'] },
      // A level with its own proxy_set_header replaces the inherited ones, as in nginx.
      { modifier: 'none', path: '/ws/', proxy_pass: 'http://ws', proxy_http_version: '1.1', proxy_set_header: [{ name: 'Upgrade', value: '$http_upgrade' }, { name: 'Connection', value: 'upgrade' }], proxy_connect_timeout: 60, proxy_read_timeout: 3600, proxy_next_upstream: ['error', 'timeout'], index: ['index.html'] },
    ]);
  });

  it('notes what it understood and ignored, each at its place', () => {
    const notes = result.notes.map((note) => `${note.line}:${note.column} ${note.severity} ${note.directive}`);
    expect(notes).toEqual([
      '2:1 info user',
      '3:1 info worker_processes',
      '4:1 info error_log',
      '5:1 info pid',
      '7:1 info events',
      '12:5 info include',
      '13:5 info default_type',
      '18:5 info access_log',
      '20:5 info sendfile',
      '41:9 info return',
      '47:9 info ssl_certificate',
    ]);
    expect(result.notes.find((note) => note.directive === 'ssl_certificate')!.message).toContain("the certificate file's contents come from the form");
  });

  it('keeps what the text cannot hold from the previous config: certificates, files, address', () => {
    const previous = nginxConfigSchema.parse({
      address: '10.0.0.7',
      files: [{ path: '/srv/www/index.html', body: 'hi' }],
      servers: [{ listen: 443, ssl: true, server_name: 'example.com', ssl_certificate: [{ subject: 'example.com', issuer: 'example.com', notBefore: '2026-01-01', notAfter: '2027-01-01' }] }],
    });
    const again = nginxConfFromText(FULL, previous).parsed!;
    expect(again.address).toBe('10.0.0.7');
    expect(again.files).toEqual(previous.files);
    expect(again.servers[1]!.ssl_certificate).toEqual(previous.servers[0]!.ssl_certificate);
  });
});

describe('wrappers', () => {
  it('reads the contents of http, or a lone server block', () => {
    const result = nginxConfFromText('server {\n    listen 8080;\n    server_name shop.example.com;\n    location / { proxy_pass http://10.0.0.3:8000; }\n}\n');
    expect(result.errors).toEqual([]);
    expect(result.config).toEqual({ servers: [{ listen: 8080, ssl: false, server_name: 'shop.example.com', locations: [{ path: '/', proxy_pass: 'http://10.0.0.3:8000' }] }], upstreams: [] });
  });
});

describe('what Stackscope reads differently from the form', () => {
  const read = (text: string) => nginxConfFromText(text);

  it('one block per port and per name: several listen or server_name lines give copies', () => {
    const result = read('server {\n    listen 80;\n    listen [::]:80;\n    listen 8080;\n    server_name a.example b.example;\n    location / { proxy_pass http://app; }\n}');
    expect(result.errors).toEqual([]);
    expect(result.parsed!.servers.map((server) => `${server.listen} ${server.server_name}`)).toEqual(['80 a.example', '80 b.example', '8080 a.example', '8080 b.example']);
    expect(result.notes.map((note) => `${note.line}:${note.column} ${note.directive}`)).toEqual(['1:1 server', '3:5 listen']);
  });

  it('server_name _ and a block without a name are the catch-all; default_server moves a block first on its port', () => {
    const result = read('server { listen 80; server_name example.com; }\nserver { listen 80 default_server; server_name _; }\nserver { listen 81; }');
    expect(result.errors).toEqual([]);
    expect(result.parsed!.servers.map((server) => `${server.listen} ${server.server_name}`)).toEqual([`80 ${CATCH_ALL_NAME}`, '80 example.com', `81 ${CATCH_ALL_NAME}`]);
    expect(result.parsed!.servers[0]!.locations).toEqual([]);
  });

  it("root relative to nginx's prefix", () => {
    expect(read('server { root html; }').parsed!.servers[0]!.root).toBe('/usr/share/nginx/html');
  });

  it('a return URL alone is a 302; a return that is not a redirect is refused', () => {
    expect(read('server { location / { return https://example.com/; } }').parsed!.servers[0]!.locations[0]!.return).toBe('302 https://example.com/');
    expect(read('server {\n    location / { return 200 "ok"; }\n}').errors.map((error) => `${error.line}:${error.column} ${error.message}`)).toEqual([
      '2:18 "return 200 ok" is not modelled by Stackscope: return only redirects here (301, 302, 303, 307 or 308 and a URL)',
    ]);
  });

  it('warns of and leaves out what only tunes nginx; refuses what decides what answers', () => {
    const result = read('gzip on;\nserver {\n    listen 80 http2;\n    location / {\n        proxy_pass http://app;\n        proxy_buffering off;\n        add_header X-A b;\n    }\n    location ~ \\.php$ { }\n    location @fallback { }\n    location /a { location /a/b { } }\n    rewrite ^/old /new;\n    if ($host = x) { return 301 https://x; }\n}\nupstream app { hash $uri; server a:1 max_conns=10; }');
    expect(result.notes.filter((note) => note.severity === 'warning').map((note) => `${note.line}:${note.column} ${note.directive}`)).toEqual(['1:1 gzip', '3:15 listen', '6:9 proxy_buffering', '7:9 add_header', '15:38 server']);
    expect(result.notes.find((note) => note.directive === 'gzip')!.message).toBe('"gzip" is not modelled by Stackscope and is left out: the simulated nginx behaves as if it were not there.');
    expect(result.errors.map((error) => `${error.line}:${error.column} ${error.directive}`)).toEqual(['9:5 location', '10:5 location', '11:19 location', '12:5 rewrite', '13:5 if', '15:16 hash']);
    expect(result.errors[0]!.message).toContain('regular-expression locations are not modelled by Stackscope');
    expect(result.config).toBeUndefined();
  });

  it('access_log must name a format that exists; a second format is not used', () => {
    const result = read("log_format main '$a';\nlog_format other '$b';\naccess_log /a.log main;\naccess_log /b.log other;\nserver { }");
    expect(result.errors).toEqual([]);
    expect(result.parsed!.log_format).toBe('$a');
    expect(result.notes.filter((note) => note.severity === 'warning').map((note) => `${note.line}:${note.column} ${note.directive}`)).toEqual(['2:18 log_format', '4:1 access_log']);
  });

  it("keepalive settings outside http are left out with a warning: the node has one", () => {
    const result = read('keepalive_timeout 10s 10s;\nserver { keepalive_timeout 5; }');
    expect(result.parsed!.keepalive_timeout).toBe(10);
    expect(result.notes.filter((note) => note.severity === 'warning').map((note) => `${note.line}:${note.column}`)).toEqual(['1:23', '2:10']);
  });
});

describe("nginx's times", () => {
  it.each([
    ['60s', 60],
    ['60', 60],
    ['500ms', 0.5],
    ['1m', 60],
    ['1m30s', 90],
    ['1h', 3600],
    ['0', 0],
    ['abc', undefined],
    ['', undefined],
    ['5x', undefined],
  ])('%s -> %s', (text, seconds) => {
    expect(parseTime(text)).toBe(seconds);
  });

  it('fail_timeout takes no ms, as ngx_parse_time(…, 1)', () => {
    expect(parseTime('500ms', false)).toBeUndefined();
  });
});
