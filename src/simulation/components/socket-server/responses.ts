import type { HttpRequestPayload, HttpResponsePayload } from '../../engine/packet.ts';
import type { HeaderList } from '../../model/message.ts';
import { utf8Length } from '../../protocols/bytes.ts';
import { reasonPhrase } from '../../protocols/http.ts';
import type { ServedFile } from '../shared-config.ts';
import type { SocketServerConfig } from './config.ts';

/**
 * The answers of a hand-written server, as a beginner builds them with an f-string: a status
 * line, Content-Type, Content-Length, a blank line and the body. No Date, no Server, no
 * caching headers: nothing the program does not write itself.
 */

/** The extension table a hand-written server carries (no charset: it sends the bytes as they are on disk). */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'text/javascript',
  txt: 'text/plain',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  ico: 'image/x-icon',
};

export function contentTypeOf(path: string): string {
  const dot = path.lastIndexOf('.');
  const extension = dot < 0 || dot < path.lastIndexOf('/') ? '' : path.slice(dot + 1).toLowerCase();
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

function response(status: number, contentType: string, body: string, extra: HeaderList = []): HttpResponsePayload {
  return {
    protocol: 'http',
    kind: 'response',
    version: 'HTTP/1.1',
    status,
    reason: status === 501 ? 'Not Implemented' : reasonPhrase(status),
    headers: [['Content-Type', contentType], ['Content-Length', String(utf8Length(body))], ...extra],
    body,
  };
}

/** behaviour fixed: the same 200 OK whatever was asked, built once per config. */
export function fixedResponse(config: SocketServerConfig): HttpResponsePayload {
  let built = fixedMemo.get(config);
  if (!built) {
    built = response(200, config.contentType, config.body);
    fixedMemo.set(config, built);
  }
  return built;
}

const fixedMemo = new WeakMap<SocketServerConfig, HttpResponsePayload>();

/** The file a request path names: the query dropped, "/" and any path ending in "/" read index.html. */
export function filePathFor(directory: string, target: string): string {
  const end = target.search(/[?#]/);
  let path = end < 0 ? target : target.slice(0, end);
  if (!path.startsWith('/')) path = `/${path}`;
  if (path.endsWith('/')) path += 'index.html';
  return `${directory.replace(/\/+$/, '')}${path}`;
}

/** What a files server answers, and the file it read (if any). */
export interface FilesAnswer {
  readonly response: HttpResponsePayload;
  readonly path: string | null;
}

/**
 * behaviour files: the request line parsed, GET only. A path the directory does not hold is
 * 404; any method but GET is 501 Not Implemented, as Python's own http.server answers a
 * method it has no do_ method for. Every answer says Connection: close, because the program
 * closes the socket after it (RFC 9112 section 9.6).
 */
export function filesResponse(config: SocketServerConfig, request: HttpRequestPayload): FilesAnswer {
  if (request.method !== 'GET') return { response: NOT_IMPLEMENTED, path: null };
  const path = filePathFor(config.directory, request.target);
  const file = findFile(config.files, path);
  if (!file) return { response: NOT_FOUND, path };
  return { response: response(200, contentTypeOf(path), file.body, CLOSE), path };
}

function findFile(files: readonly ServedFile[], path: string): ServedFile | undefined {
  for (const file of files) if (file.path === path) return file;
  return undefined;
}

const CLOSE: HeaderList = [['Connection', 'close']];
const NOT_FOUND = response(404, 'text/plain', '404 Not Found\n', CLOSE);
const NOT_IMPLEMENTED = response(501, 'text/plain', '501 Not Implemented: this server only answers GET\n', CLOSE);
