import type { HttpRequestPayload } from '../../engine/packet.ts';
import { headerValue } from '../../protocols/http.ts';
import type { ServerBlock } from './config.ts';

/** What nginx's variables are read from while it handles one request. */
export interface RequestVariables {
  readonly request: HttpRequestPayload;
  readonly server: ServerBlock;
  readonly scheme: 'http' | 'https';
  readonly remoteAddr: string;
  readonly serverPort: number;
}

/**
 * The value of one variable, as ngx_http_variables.c defines it; undefined for a variable
 * nginx would not know, so the text keeps it literally and a check can name it.
 * - $host: the Host header without its port, lower-cased, else server_name;
 * - $request_uri: the target as the client sent it, query included; $uri: the path alone;
 * - $http_<name>: the request header <name> (dashes written as underscores), '' if absent.
 */
export function requestVariable(name: string, vars: RequestVariables): string | undefined {
  const { request } = vars;
  switch (name) {
    case 'host': {
      const host = headerValue(request.headers, 'Host');
      return host ? host.replace(/:\d*$/, '').toLowerCase() : vars.server.server_name;
    }
    case 'request_uri':
      return request.target;
    case 'uri':
      return request.target.split('?')[0]!;
    case 'args':
      return request.target.includes('?') ? request.target.slice(request.target.indexOf('?') + 1) : '';
    case 'scheme':
      return vars.scheme;
    case 'server_name':
      return vars.server.server_name;
    case 'server_port':
      return String(vars.serverPort);
    case 'remote_addr':
      return vars.remoteAddr;
    case 'request_method':
      return request.method;
    case 'proxy_add_x_forwarded_for': {
      const earlier = headerValue(request.headers, 'X-Forwarded-For');
      return earlier ? `${earlier}, ${vars.remoteAddr}` : vars.remoteAddr;
    }
  }
  if (name.startsWith('http_')) return headerValue(request.headers, name.slice(5).replaceAll('_', '-')) ?? '';
  return undefined;
}

/** The variables nginx understands here, for the docs and for checks. */
export const KNOWN_VARIABLES = ['$host', '$request_uri', '$uri', '$args', '$scheme', '$server_name', '$server_port', '$remote_addr', '$request_method', '$proxy_add_x_forwarded_for', '$http_<header>'];

/** Variable names in a text, `$name` or `${name}`, that nginx would not know. */
export function unknownVariables(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((match) => match[1] ?? match[2]!).filter((name) => !isKnown(name));
}

function isKnown(name: string): boolean {
  return name.startsWith('http_') || KNOWN_VARIABLES.includes(`$${name}`);
}

export const VARIABLE = /\$\{([A-Za-z0-9_]+)\}|\$([A-Za-z0-9_]+)/g;

/**
 * A directive's value with its variables replaced: `https://$host$request_uri` becomes
 * `https://example.com/a?b=1`. Quotes around the whole value (`"upgrade"`) are nginx.conf
 * syntax, not part of it.
 *
 * @example expandVariables('"upgrade"', vars) === 'upgrade'
 */
export function expandVariables(text: string, vars: RequestVariables): string {
  const unquoted = /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
  if (!unquoted.includes('$')) return unquoted;
  return unquoted.replace(VARIABLE, (whole, braced: string | undefined, bare: string | undefined) => requestVariable(braced ?? bare!, vars) ?? whole);
}

/** `return 301 https://$host$request_uri;` read for one request: the status and the expanded URL. */
export function redirectOf(directive: string, vars: RequestVariables): { readonly status: number; readonly url: string } {
  const space = directive.indexOf(' ');
  return { status: Number(directive.slice(0, space)), url: expandVariables(directive.slice(space + 1), vars) };
}
