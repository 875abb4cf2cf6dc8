import type { HttpRequestPayload, WsgiCallPayload, WsgiResponsePayload } from '../engine/packet.ts';
import type { HeaderList } from '../model/message.ts';
import { utf8Length } from './bytes.ts';

/**
 * WSGI (PEP 3333): the application server turns an HTTP request into an environ dict and
 * calls the framework; the framework calls start_response(status, headers) and returns the
 * body. No bytes cross a wire here: `raw` shows the Python values themselves.
 */

const environs = new WeakMap<WsgiCallPayload, readonly (readonly [string, string])[]>();

/** The call's environ: CGI-style variables, then the wsgi.* keys, as Gunicorn builds them. */
export function environOf(call: WsgiCallPayload): readonly (readonly [string, string])[] {
  let environ = environs.get(call);
  if (!environ) {
    environ = buildEnviron(call.request, call.server, call.client);
    environs.set(call, environ);
  }
  return environ;
}

function buildEnviron(
  request: HttpRequestPayload,
  server: { name: string; port: number },
  client: { address: string; port: number },
): [string, string][] {
  const [path, query = ''] = splitTarget(request.target);
  const environ: [string, string][] = [
    ['REQUEST_METHOD', request.method],
    ['SCRIPT_NAME', ''],
    ['PATH_INFO', path],
    ['QUERY_STRING', query],
    ['SERVER_PROTOCOL', request.version],
    ['SERVER_NAME', server.name],
    ['SERVER_PORT', String(server.port)],
    ['REMOTE_ADDR', client.address],
    ['REMOTE_PORT', String(client.port)],
  ];
  for (const [name, value] of request.headers) {
    const key = name.toUpperCase().replace(/-/g, '_');
    if (key === 'CONTENT_TYPE' || key === 'CONTENT_LENGTH') environ.push([key, value]);
    else environ.push([`HTTP_${key}`, value]);
  }
  environ.push(['wsgi.url_scheme', 'http'], ['wsgi.multithread', 'False'], ['wsgi.multiprocess', 'True']);
  return environ;
}

export function splitTarget(target: string): [string, string?] {
  const index = target.indexOf('?');
  return index < 0 ? [target] : [target.slice(0, index), target.slice(index + 1)];
}

function pyString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\r/g, '\\r').replace(/\n/g, '\\n')}'`;
}

function pyHeaders(headers: HeaderList): string {
  return `[${headers.map(([name, value]) => `(${pyString(name)}, ${pyString(value)})`).join(', ')}]`;
}

export function rawWsgiCall(call: WsgiCallPayload): string {
  const lines = environOf(call).map(([key, value]) => `    ${pyString(key)}: ${pyString(value)},`);
  return `environ = {\n${lines.join('\n')}\n    'wsgi.input': <${utf8Length(call.request.body)}-byte request body>,\n}\napplication(environ, start_response)`;
}

export function rawWsgiResponse(response: WsgiResponsePayload): string {
  return `start_response(${pyString(response.status)}, ${pyHeaders(response.headers)})\nreturn [b${pyString(response.body)}]`;
}

export function wsgiSummary(payload: WsgiCallPayload | WsgiResponsePayload): string {
  if (payload.kind === 'call') {
    return `application(environ, start_response): ${payload.request.method} ${splitTarget(payload.request.target)[0]}`;
  }
  return `start_response('${payload.status}') + ${utf8Length(payload.body)}-byte body`;
}
