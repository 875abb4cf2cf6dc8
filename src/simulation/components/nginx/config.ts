import { z } from '../../io/zod.ts';
import { hostName, ipv4, port, servedFileSchema } from '../shared-config.ts';
import { certificateSchema, DEFAULT_CERTIFICATE_CHAIN } from '../tls-config.ts';

export const upstreamServerSchema = z.strictObject({
  server: z
    .string()
    .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, { message: 'must be host:port, such as app1:8000' })
    .describe('host:port of an application server (a node id or an IP address)'),
  weight: z.number().int().min(1).max(10_000).default(1).describe('weight=: a server with weight 3 gets three requests for every one of a server with weight 1'),
  down: z.boolean().default(false).describe('down: the server is out of service and gets no requests'),
  backup: z.boolean().default(false).describe('backup: the server gets requests only when no other server is live'),
  max_fails: z.number().int().min(0).max(100).default(1).describe('max_fails=: failed tries within fail_timeout that take the server out of the rotation (0: never)'),
  fail_timeout: z.number().int().min(1).max(3600).default(10).describe('fail_timeout=, in seconds: how long failures count, and how long a failed server is left out'),
});

export const upstreamSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9_-]+$/, { message: 'must be a single word such as app' }),
    method: z
      .enum(['round_robin', 'least_conn', 'ip_hash'])
      .default('round_robin')
      .describe('How nginx picks a server: weighted round-robin (no directive), least_conn (fewest active connections) or ip_hash (by the client\'s address)'),
    servers: z.array(upstreamServerSchema).min(1, { message: 'an upstream needs at least one server' }),
  })
  .superRefine((upstream, context) => {
    // nginx refuses the combination at startup: ip_hash keeps a client on one server, backup would move it.
    if (upstream.method !== 'ip_hash') return;
    upstream.servers.forEach((server, index) => {
      if (server.backup) context.addIssue({ code: 'custom', path: ['servers', index, 'backup'], message: 'ip_hash cannot be used with backup servers: nginx refuses to start (invalid parameter "backup").' });
    });
  });

/** `proxy_set_header Upgrade $http_upgrade;`: a header nginx sets on the request it sends upstream. */
export const proxyHeaderSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9-]+$/, { message: 'must be a header name such as Upgrade' }),
  value: z.string().max(200).describe('Text, with variables such as $http_upgrade, $host or $remote_addr'),
});

/** An absolute directory, as `root` names one. */
const directory = z.string().regex(/^\/[^\s;{}]*$/, { message: 'must be an absolute directory such as /var/www/html' });

/** A time in seconds, as nginx's `60s`; fractions stand for `ms` values. */
const seconds = (fallback: number, meaning: string) => z.number().min(0.001).max(3600).default(fallback).describe(meaning);

/** The status codes `return code URL;` redirects with. */
const REDIRECT_CODES = ['301', '302', '303', '307', '308'];

/**
 * proxy_next_upstream's conditions (ngx_http_upstream_next_upstream_masks): error and timeout
 * on the connection; invalid_header, which nothing here produces; the upstream's status
 * codes; non_idempotent, which lets a POST, LOCK or PATCH already sent go on too; off.
 */
export const NEXT_UPSTREAM_CONDITIONS = ['error', 'timeout', 'invalid_header', 'http_500', 'http_502', 'http_503', 'http_504', 'http_403', 'http_404', 'http_429', 'non_idempotent', 'off'] as const;

export type NextUpstreamCondition = (typeof NEXT_UPSTREAM_CONDITIONS)[number];

export const locationSchema = z
  .strictObject({
    modifier: z
      .enum(['none', '=', '^~'])
      .default('none')
      .describe('How the path matches: none, a prefix (the longest wins); =, the exact path only (checked first); ^~, a prefix that wins outright when it is the longest'),
    path: z.string().startsWith('/', { message: 'must start with /' }).describe('The path, or prefix, matched against the request path'),
    proxy_pass: z
      .string()
      .regex(/^http:\/\/[A-Za-z0-9._-]+(:\d{1,5})?\/?$/, { message: 'must be http://<upstream or host:port>' })
      .optional()
      .describe('Where matching requests are forwarded'),
    return: z
      .string()
      .regex(new RegExp(`^(${REDIRECT_CODES.join('|')}) \\S+$`), { message: 'must be a redirect such as 301 https://$host$request_uri' })
      .optional()
      .describe('return: answer with this redirect instead of proxying (301 https://$host$request_uri)'),
    proxy_http_version: z
      .enum(['1.0', '1.1'])
      .default('1.0')
      .describe('The HTTP version nginx speaks to the upstream: 1.0 by default; a WebSocket needs 1.1'),
    proxy_set_header: z
      .array(proxyHeaderSchema)
      .max(20)
      .default([])
      .describe('Headers set on the upstream request; a WebSocket needs Upgrade $http_upgrade and Connection "upgrade"'),
    proxy_connect_timeout: seconds(60, 'proxy_connect_timeout, in seconds: how long nginx waits for the upstream to accept the connection'),
    proxy_read_timeout: seconds(60, 'proxy_read_timeout, in seconds: how long nginx waits for the upstream\'s response; slower gives 504 Gateway Time-out'),
    proxy_next_upstream: z
      .array(z.enum(NEXT_UPSTREAM_CONDITIONS))
      .min(1)
      .max(NEXT_UPSTREAM_CONDITIONS.length)
      .default(['error', 'timeout'])
      .describe('proxy_next_upstream: when a try fails so, the request goes on to the next server of the upstream (error, timeout, http_502 …; off: never)'),
    root: directory.optional().describe("root: the directory files are served from (the request path is appended); without it, the server block's root"),
    index: z
      .array(z.string().regex(/^[^\s/;{}]+$/, { message: 'must be a file name such as index.html' }))
      .min(1)
      .max(5)
      .default(['index.html'])
      .describe('index: the file served for a path that ends in /'),
    try_files: z
      .array(z.string().regex(/^[^\s;{}]+$/, { message: 'must be one word such as $uri or =404' }))
      .min(2, { message: 'try_files needs at least one file and a fallback, such as $uri =404' })
      .max(8)
      .optional()
      .describe('try_files: the files tried in order ($uri, $uri/ …); the last entry is the fallback, =404 or a URI handled by another location'),
  })
  .superRefine((location, context) => {
    if (location.proxy_pass !== undefined && location.return !== undefined) {
      context.addIssue({ code: 'custom', path: ['proxy_pass'], message: 'a location either proxies (proxy_pass) or answers itself (return), not both.' });
    }
    const nextUpstream = location.proxy_next_upstream;
    if (nextUpstream.includes('off') && nextUpstream.length > 1) {
      context.addIssue({ code: 'custom', path: ['proxy_next_upstream'], message: 'off stands alone: it turns every condition off, so list it by itself.' });
    }
    if (new Set(nextUpstream).size !== nextUpstream.length) {
      context.addIssue({ code: 'custom', path: ['proxy_next_upstream'], message: 'each condition may be listed once.' });
    }
    const fallback = location.try_files?.at(-1);
    if (fallback !== undefined && !/^(=\d{3}|\/\S*)$/.test(fallback)) {
      context.addIssue({ code: 'custom', path: ['try_files', location.try_files!.length - 1], message: 'the last try_files entry is the fallback: =404 (a status) or a URI such as /index.html.' });
    }
  });

/** One `server { … }` block: the port it listens on, its name, its TLS settings and its locations. */
export const serverBlockSchema = z.strictObject({
  listen: port.default(80),
  ssl: z.boolean().default(false).describe('listen … ssl: the port speaks TLS (HTTPS), and nginx terminates it: upstreams get plain HTTP'),
  server_name: hostName.default('example.com'),
  ssl_certificate: z
    .array(certificateSchema)
    .min(1, { message: 'the file needs at least the server\'s own certificate' })
    .max(5)
    .default(DEFAULT_CERTIFICATE_CHAIN)
    .describe('The certificate file: the server\'s own certificate first, then the intermediates that lead to a trusted root'),
  ssl_protocols: z
    .array(z.enum(['TLSv1.2', 'TLSv1.3']))
    .min(1, { message: 'name at least one protocol' })
    .default(['TLSv1.2', 'TLSv1.3'])
    .describe('ssl_protocols: the TLS versions nginx accepts; it picks the newest the browser offers'),
  root: directory.default('/usr/share/nginx/html').describe("root: where this block's locations serve files from, unless a location sets its own"),
  locations: z.array(locationSchema).default([locationSchema.parse({ path: '/', proxy_pass: 'http://app' })]),
});

/** nginx's `combined` format with the upstream added, the line this node writes by default. */
export const DEFAULT_LOG_FORMAT = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" upstream=$upstream_addr';

export const nginxConfigSchema = z.strictObject({
  address: ipv4.default('10.0.0.2'),
  servers: z
    .array(serverBlockSchema)
    .min(1, { message: 'nginx needs at least one server block' })
    .max(10)
    .default([serverBlockSchema.parse({})])
    .describe('server blocks: a request goes to the block listening on its port whose server_name matches its Host (else the port\'s first block)'),
  upstreams: z.array(upstreamSchema).default([upstreamSchema.parse({ name: 'app', servers: [{ server: 'app1:8000' }] })]),
  keepalive_timeout: z
    .number()
    .min(0)
    .max(3600)
    .default(75)
    .describe('keepalive_timeout, in seconds: how long an idle client connection stays open for its next request; 0 turns keep-alive off (Connection: close)'),
  keepalive_requests: z
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(1000)
    .describe('keepalive_requests: how many requests one client connection may carry; the response to the last says Connection: close'),
  log_format: z
    .string()
    .min(1)
    .max(500)
    .default(DEFAULT_LOG_FORMAT)
    .describe('log_format: how each access.log line is written, with variables such as $remote_addr, $request, $status, $upstream_addr'),
  files: z
    .array(servedFileSchema)
    .max(200)
    .default([])
    .describe("The files on nginx's disk that root and try_files serve, such as /usr/share/nginx/html/index.html"),
});

export type NginxConfig = z.infer<typeof nginxConfigSchema>;
export type ServerBlock = NginxConfig['servers'][number];
export type Location = ServerBlock['locations'][number];

/** The server block for a connection to `port` with this Host (or SNI name): nginx's default is the port's first block. */
export function serverFor(config: NginxConfig, port: number, host: string | undefined): ServerBlock | undefined {
  let fallback: ServerBlock | undefined;
  const name = host?.replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase();
  for (const server of config.servers) {
    if (server.listen !== port) continue;
    if (name !== undefined && server.server_name.toLowerCase() === name) return server;
    fallback ??= server;
  }
  return fallback;
}

/** Whether a port speaks TLS: nginx ORs the ssl flag of every block listening on it (ngx_http_add_addresses). */
export function sslPort(config: NginxConfig, port: number): boolean {
  return config.servers.some((server) => server.listen === port && server.ssl);
}
