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

/**
 * As Gunicorn 20.1's sync worker fills it (gunicorn/http/wsgi.py): SERVER_NAME and SERVER_PORT
 * come from the Host header when there is one, else from the listening socket.
 */
function buildEnviron(
  request: HttpRequestPayload,
  server: WsgiCallPayload['server'],
  client: { address: string; port: number },
): [string, string][] {
  const [path, query = ''] = splitTarget(request.target);
  const host = request.headers.find(([name]) => name.toLowerCase() === 'host')?.[1];
  const [serverName, serverPort] = host ? splitHost(host) : [server.name, String(server.port)];
  const environ: [string, string][] = [
    ['wsgi.version', '(1, 0)'],
    ['wsgi.url_scheme', 'http'],
    // Gunicorn's base_environ: multiprocess when --workers is above 1; a gthread worker then sets multithread.
    ['wsgi.multithread', server.multithread ? 'True' : 'False'],
    ['wsgi.multiprocess', server.multiprocess ? 'True' : 'False'],
    ['wsgi.run_once', 'False'],
    ['SERVER_SOFTWARE', 'gunicorn/20.1.0'],
    ['REQUEST_METHOD', request.method],
    ['QUERY_STRING', query],
    ['RAW_URI', request.target],
    ['SERVER_PROTOCOL', request.version],
  ];
  for (const [name, value] of request.headers) {
    const key = name.toUpperCase().replace(/-/g, '_');
    if (key === 'CONTENT_TYPE' || key === 'CONTENT_LENGTH') environ.push([key, value]);
    else environ.push([`HTTP_${key}`, value]);
  }
  environ.push(
    ['REMOTE_ADDR', client.address],
    ['REMOTE_PORT', String(client.port)],
    ['SERVER_NAME', serverName],
    ['SERVER_PORT', serverPort],
    ['SCRIPT_NAME', ''],
    ['PATH_INFO', path],
  );
  return environ;
}

function splitHost(host: string): [string, string] {
  const colon = host.lastIndexOf(':');
  return colon > 0 ? [host.slice(0, colon), host.slice(colon + 1)] : [host, '80'];
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
  // wsgi.input is a file-like object; its bytes are shown as Python would print them.
  const body = call.request.body;
  const input = body === '' ? '<empty request body>' : `<${utf8Length(body)}-byte request body: b${pyString(body)}>`;
  return `environ = {\n${lines.join('\n')}\n    'wsgi.input': ${input},\n}\napplication(environ, start_response)`;
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
