/**
 * The nginx node's config as nginx.conf text: `upstream` blocks, then `log_format`, then the
 * keep-alive settings, then the `server` blocks, with 4-space indentation. Values equal to
 * nginx's defaults are left out, as one would write them; nginxConfFromText reads the text back
 * to the same config (given the config as `previous`, for what the text cannot hold).
 */
import type { Location, NginxConfig, ServerBlock } from '../config.ts';
import { CATCH_ALL_NAME, NGINX_PREFIX } from './mapping.ts';

const INDENT = '    ';
const DEFAULT_ROOT = `${NGINX_PREFIX}html`;
const DEFAULT_PROTOCOLS = ['TLSv1.2', 'TLSv1.3'];
/** The name the printed log_format goes by, as in nginx's own nginx.conf. */
export const LOG_FORMAT_NAME = 'main';

export interface PrintOptions {
  /** A whole nginx.conf (`worker_processes`, `events {}`, `http { … }`) rather than what goes inside `http`. */
  readonly file?: boolean;
}

const escapes = (text: string) => text.replace(/[\t\r\n]/g, (ch) => (ch === '\t' ? '\\t' : ch === '\r' ? '\\r' : '\\n'));

/** A word nginx reads back as `value`: bare when it can be, else in double quotes with backslash escapes. */
export function quoteWord(value: string): string {
  if (/^[^\s;{}"'\\#]+$/.test(value)) return value;
  return `"${escapes(value.replace(/[\\"]/g, (ch) => `\\${ch}`))}"`;
}

const single = (value: string) => `'${escapes(value.replace(/[\\']/g, (ch) => `\\${ch}`))}'`;

/** A time in nginx's syntax: 75s, or 500ms for a fraction; 0 for zero. */
function duration(seconds: number): string {
  if (seconds === 0) return '0';
  return Number.isInteger(seconds) ? `${seconds}s` : `${Math.round(seconds * 1000)}ms`;
}

/** log_format's string in quoted parts of about 60 characters, split after spaces (nginx joins them). */
function logFormatParts(format: string): string[] {
  const words = format.match(/[^ ]+ *| +/g) ?? [format];
  const parts: string[] = [];
  let part = '';
  for (const word of words) {
    if (part.length > 0 && part.length + word.length > 60) {
      parts.push(part);
      part = '';
    }
    part += word;
  }
  parts.push(part);
  return parts;
}

function locationLines(location: Location): string[] {
  const lines: string[] = [];
  if (location.proxy_pass !== undefined) lines.push(`proxy_pass ${quoteWord(location.proxy_pass)};`);
  if (location.return !== undefined) {
    const [code, ...url] = location.return.split(' ');
    lines.push(`return ${code} ${quoteWord(url.join(' '))};`);
  }
  if (location.proxy_http_version !== '1.0') lines.push(`proxy_http_version ${location.proxy_http_version};`);
  for (const header of location.proxy_set_header) lines.push(`proxy_set_header ${quoteWord(header.name)} ${quoteWord(header.value)};`);
  if (location.proxy_connect_timeout !== 60) lines.push(`proxy_connect_timeout ${duration(location.proxy_connect_timeout)};`);
  if (location.proxy_read_timeout !== 60) lines.push(`proxy_read_timeout ${duration(location.proxy_read_timeout)};`);
  const nextUpstream = location.proxy_next_upstream;
  if (nextUpstream.length !== 2 || nextUpstream[0] !== 'error' || nextUpstream[1] !== 'timeout') lines.push(`proxy_next_upstream ${nextUpstream.join(' ')};`);
  if (location.root !== undefined) lines.push(`root ${quoteWord(location.root)};`);
  if (location.index.length !== 1 || location.index[0] !== 'index.html') lines.push(`index ${location.index.map(quoteWord).join(' ')};`);
  if (location.try_files !== undefined) lines.push(`try_files ${location.try_files.map(quoteWord).join(' ')};`);
  return lines;
}

function serverLines(server: ServerBlock, isDefault: boolean): string[] {
  const name = server.server_name === CATCH_ALL_NAME ? '_' : server.server_name;
  const lines = [`listen ${server.listen}${server.ssl ? ' ssl' : ''}${isDefault ? ' default_server' : ''};`, `server_name ${name};`];
  if (server.ssl) {
    const [own] = server.ssl_certificate;
    const file = server.server_name === CATCH_ALL_NAME ? 'default' : server.server_name.replace(/\.$/, '');
    lines.push(
      `# ssl_certificate: the certificate data is set in the form${own ? ` (${own.subject}, issued by ${own.issuer}, ${server.ssl_certificate.length} in the chain)` : ''}`,
      `ssl_certificate /etc/nginx/ssl/${file}.crt;`,
      `ssl_certificate_key /etc/nginx/ssl/${file}.key;`,
    );
  }
  // Written for every TLS block: nginx 1.22's own default still includes TLSv1 and TLSv1.1.
  if (server.ssl || server.ssl_protocols.join(' ') !== DEFAULT_PROTOCOLS.join(' ')) lines.push(`ssl_protocols ${server.ssl_protocols.join(' ')};`);
  if (server.root !== DEFAULT_ROOT) lines.push(`root ${quoteWord(server.root)};`);
  for (const location of server.locations) {
    const modifier = location.modifier === 'none' ? '' : `${location.modifier} `;
    const body = locationLines(location);
    lines.push('', body.length === 0 ? `location ${modifier}${quoteWord(location.path)} {}` : `location ${modifier}${quoteWord(location.path)} {`);
    if (body.length > 0) lines.push(...body.map((line) => INDENT + line), '}');
  }
  return lines;
}

/** What goes inside `http { … }`, as lines without indentation. */
function httpLines(config: NginxConfig): string[] {
  const sections: string[][] = [];
  for (const upstream of config.upstreams) {
    const lines = [`upstream ${quoteWord(upstream.name)} {`];
    if (upstream.method !== 'round_robin') lines.push(`${INDENT}${upstream.method};`);
    for (const server of upstream.servers) {
      const params = [
        server.weight !== 1 ? `weight=${server.weight}` : '',
        server.max_fails !== 1 ? `max_fails=${server.max_fails}` : '',
        server.fail_timeout !== 10 ? `fail_timeout=${server.fail_timeout}s` : '',
        server.backup ? 'backup' : '',
        server.down ? 'down' : '',
      ].filter(Boolean);
      lines.push(`${INDENT}server ${[server.server, ...params].join(' ')};`);
    }
    lines.push('}');
    sections.push(lines);
  }
  const parts = logFormatParts(config.log_format).map(single);
  const head = `log_format ${LOG_FORMAT_NAME} `;
  sections.push([
    ...parts.map((part, index) => (index === 0 ? head : ' '.repeat(head.length)) + part + (index === parts.length - 1 ? ';' : '')),
    `access_log /var/log/nginx/access.log ${LOG_FORMAT_NAME};`,
  ]);
  const keepalive: string[] = [];
  if (config.keepalive_timeout !== 75) keepalive.push(`keepalive_timeout ${duration(config.keepalive_timeout)};`);
  if (config.keepalive_requests !== 1000) keepalive.push(`keepalive_requests ${config.keepalive_requests};`);
  if (keepalive.length > 0) sections.push(keepalive);
  const ports = new Map<number, number>();
  for (const server of config.servers) ports.set(server.listen, (ports.get(server.listen) ?? 0) + 1);
  const printedDefault = new Set<number>();
  for (const server of config.servers) {
    // default_server where several blocks share a port, on the first: the block nginx picks when no name matches.
    const isDefault = (ports.get(server.listen) ?? 0) > 1 && !printedDefault.has(server.listen);
    printedDefault.add(server.listen);
    sections.push(['server {', ...serverLines(server, isDefault).map((line) => (line === '' ? '' : INDENT + line)), '}']);
  }
  return sections.flatMap((section, index) => (index === 0 ? section : ['', ...section]));
}

/** The config as nginx.conf text. */
export function nginxConfToText(config: NginxConfig, options: PrintOptions = {}): string {
  const header = [`# nginx at ${config.address}, written by Stackscope${config.files.length > 0 ? `; the ${config.files.length} file${config.files.length === 1 ? '' : 's'} on its disk are set in the form` : ''}`];
  if (!options.file) return [...header, '', ...httpLines(config), ''].join('\n');
  const http = httpLines(config).map((line) => (line === '' ? '' : INDENT + line));
  return [...header, 'worker_processes 1;', '', 'events {', `${INDENT}worker_connections 1024;`, '}', '', 'http {', `${INDENT}include mime.types;`, `${INDENT}default_type application/octet-stream;`, '', ...http, '}', ''].join('\n');
}
