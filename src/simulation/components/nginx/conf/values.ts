/**
 * The values of directive arguments, read as nginx reads them: times, `listen`, `server_name`,
 * `return` and an upstream's `server` line, each with nginx's words for what is wrong.
 */
import type { Source } from './mapping.ts';
import type { Arg, Directive, NginxConfigInput } from './parser.ts';
import type { Position } from './tokenizer.ts';

/** The server_name a block gets for `server_name _;` or none: a name no request carries, as nginx's catch-all. */
export const CATCH_ALL_NAME = 'catch-all.invalid';
/** nginx's prefix as Debian and the official packages build it: `root html;` is /usr/share/nginx/html. */
export const NGINX_PREFIX = '/usr/share/nginx/';

type UpstreamServerInput = NonNullable<NginxConfigInput['upstreams']>[number]['servers'][number];

/** Where problems go, and where the fields' sources are recorded. */
export interface Reporter {
  readonly sources: Map<string, Source>;
  error(at: Position, message: string, directive?: string): void;
  warn(at: Position, message: string, directive?: string): void;
  info(at: Position, message: string, directive?: string): void;
}

export function sourceAt(d: Position, directive: string): Source {
  return { line: d.line, column: d.column, directive };
}

const LISTEN_IGNORED = /^(http2|quic|proxy_protocol|reuseport|deferred|bind|ipv6only=\S*|backlog=\S*|rcvbuf=\S*|sndbuf=\S*|so_keepalive=\S*|fastopen=\S*|accept_filter=\S*|setfib=\S*)$/;
const UPSTREAM_SERVER_IGNORED = /^(max_conns=\S*|resolve|service=\S*|slow_start=\S*|route=\S*|drain)$/;
const REDIRECTS = new Set(['301', '302', '303', '307', '308']);
const TIME_UNITS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, M: 2_592_000, y: 31_536_000 };

/** nginx's time syntax (ngx_parse_time): 60s, 500ms, 1m30s, 75 (seconds); undefined when invalid. `ms` only where milliseconds are allowed. */
export function parseTime(text: string, allowMilliseconds = true): number | undefined {
  if (!/^(\d+(ms|[yMwdhms]))*\d*$/.test(text) || text === '') return undefined;
  let total = 0;
  for (const [, digits, unit] of text.matchAll(/(\d+)(ms|[yMwdhms])?/g)) {
    if (unit === 'ms' && !allowMilliseconds) return undefined;
    total += Number(digits) * (TIME_UNITS[unit ?? 's'] ?? 1);
  }
  // Whole milliseconds, as nginx keeps them; a sum of fractions could leave a trailing digit.
  return Math.round(total * 1000) / 1000;
}

export function readUpstreamServer(r: Reporter, d: Directive, prefix: string): UpstreamServerInput | undefined {
  const [address, ...params] = d.args;
  if (address!.value.startsWith('unix:')) {
    r.error(address!, `"server ${address!.value}": a UNIX-domain socket is not modelled by Stackscope; name a host:port such as app1:8000`, 'server');
    return undefined;
  }
  const server: UpstreamServerInput = { server: address!.value };
  r.sources.set(prefix, sourceAt(d, 'server'));
  let ok = true;
  for (const param of params) {
    const [, key, value] = /^([a-z_]+)=(.*)$/.exec(param.value) ?? [];
    const at = sourceAt(param, 'server');
    if ((key === 'weight' || key === 'max_fails') && /^\d+$/.test(value!)) {
      server[key] = Number(value);
      r.sources.set(`${prefix}.${key}`, at);
    } else if (key === 'fail_timeout' && parseTime(value!, false) !== undefined) {
      server.fail_timeout = parseTime(value!, false);
      r.sources.set(`${prefix}.fail_timeout`, at);
    } else if (param.value === 'backup' || param.value === 'down') {
      server[param.value] = true;
      r.sources.set(`${prefix}.${param.value}`, at);
    } else if (UPSTREAM_SERVER_IGNORED.test(param.value)) {
      r.warn(param, `the upstream server parameter "${param.value}" is not modelled by Stackscope and is left out`, 'server');
    } else {
      r.error(param, `invalid parameter "${param.value}"`, 'server');
      ok = false;
    }
  }
  return ok ? server : undefined;
}

export function readListen(r: Reporter, d: Directive): { port: number; ssl: boolean; defaultServer: boolean; at: Source } | undefined {
  const [address, ...params] = d.args;
  const text = address!.value;
  if (text.startsWith('[')) {
    r.info(d, `"listen ${text}" is an IPv6 address: the simulated network is IPv4 only, so it is left out`, 'listen');
    return undefined;
  }
  if (text.startsWith('unix:')) {
    r.error(address!, `"listen ${text}": a UNIX-domain socket is not modelled by Stackscope`, 'listen');
    return undefined;
  }
  const match = /^(?:(.*):)?(\d+)$/.exec(text);
  const host = match ? match[1] : text;
  const portText = match ? match[2]! : '80';
  const port = Number(portText);
  if (host === '' || (match === null && !/^[A-Za-z0-9.*-]+$/.test(text)) || port < 1 || port > 65535) {
    r.error(address!, `invalid port in "${text}" of the "listen" directive`, 'listen');
    return undefined;
  }
  if (host !== undefined && host !== '*' && host !== '0.0.0.0') {
    r.info(address!, `the address in "listen ${text}" is not modelled: the block listens on port ${port} of the node's address`, 'listen');
  }
  let ssl = false;
  let defaultServer = false;
  for (const param of params) {
    if (param.value === 'ssl') ssl = true;
    else if (param.value === 'default_server' || param.value === 'default') defaultServer = true;
    else if (LISTEN_IGNORED.test(param.value)) r.warn(param, `the listen parameter "${param.value}" is not modelled by Stackscope and is left out`, 'listen');
    else {
      r.error(param, `invalid parameter "${param.value}"`, 'listen');
      return undefined;
    }
  }
  return { port, ssl, defaultServer, at: sourceAt(d, 'listen') };
}

export function readServerName(r: Reporter, arg: Arg): string | undefined {
  const name = arg.value;
  if (name === '_' || name === '') return CATCH_ALL_NAME;
  if (name.startsWith('~')) {
    r.error(arg, `the regular expression server_name "${name}" is not modelled by Stackscope: name one host exactly`, 'server_name');
    return undefined;
  }
  if (name.includes('*') || name.startsWith('.')) {
    r.error(arg, `the wildcard server_name "${name}" is not modelled by Stackscope: name one host exactly`, 'server_name');
    return undefined;
  }
  return name;
}

/** `return 301 URL;` as the config's "301 URL", or undefined (reported) for what Stackscope does not model. */
export function readReturn(r: Reporter, d: Directive): string | undefined {
  const [first, second] = d.args;
  if (second === undefined && /^(https?:\/\/|\$scheme)/.test(first!.value)) return `302 ${first!.value}`;
  if (!/^\d{3}$/.test(first!.value)) {
    r.error(first!, `invalid return code "${first!.value}"`, 'return');
    return undefined;
  }
  if (!REDIRECTS.has(first!.value) || second === undefined) {
    r.error(d, `"return ${d.args.map((arg) => arg.value).join(' ')}" is not modelled by Stackscope: return only redirects here (301, 302, 303, 307 or 308 and a URL)`, 'return');
    return undefined;
  }
  return `${first!.value} ${second.value}`;
}
