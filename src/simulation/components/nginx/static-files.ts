import type { HttpRequestPayload } from '../../engine/packet.ts';
import { utf8Length } from '../../protocols/bytes.ts';
import { headerValue, reasonPhrase } from '../../protocols/http.ts';
import type { ServedFile } from '../shared-config.ts';
import type { Location, NginxConfig, ServerBlock } from './config.ts';
import type { OutgoingResponse } from './response-headers.ts';
import { expandVariables, type RequestVariables } from './variables.ts';

/**
 * nginx serving files from disk (ngx_http_static_module, ngx_http_index_module,
 * try_files in ngx_http_core_module), as nginx-responses.json records a hit and a miss:
 * - the file is `root` + the request path; a path ending in / serves the first `index` file
 *   there;
 * - a 200 carries Content-Type from mime.types, Content-Length, Last-Modified (the file's
 *   mtime), then ETag `"<mtime hex>-<size hex>"` and Accept-Ranges: bytes after Connection;
 * - If-None-Match with that ETag, or If-Modified-Since with that date, gives 304;
 * - a missing file is 404 with an error-log line `open() "…" failed (2: No such file or
 *   directory)`; a directory without its trailing slash is a 301 to it;
 * - `try_files` checks each entry in order and falls back to its last: `=404` answers with
 *   that status, a URI is handled again from the top, as nginx's internal redirect;
 * - only GET and HEAD read files: other methods get 405 Not Allowed (a POST only once the
 *   file is found, as ngx_http_static_handler checks it last);
 * - a directory with none of its index files is 403, `directory index of "…" is forbidden`
 *   (autoindex is off); a missing directory is 404, `"…/index.html" is not found`.
 */

/** What nginx does with a request for files. */
export type StaticOutcome =
  | { readonly kind: 'file'; readonly reply: OutgoingResponse }
  /** nginx's own page for `status`, with a Location for a 301, and an error-log line for a missing file. */
  | { readonly kind: 'page'; readonly status: number; readonly location?: string; readonly errorLog?: string }
  | { readonly kind: 'internal-redirect'; readonly uri: string };

/** mime.types as Debian's nginx ships it, for the usual web files; default_type application/octet-stream. */
const MIME_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'application/javascript',
  json: 'application/json',
  txt: 'text/plain',
  xml: 'text/xml',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  ico: 'image/x-icon',
  webp: 'image/webp',
  woff2: 'font/woff2',
};

export function mimeType(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return (dot > 0 && MIME_TYPES[name.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}

/** nginx's ETag: the mtime in seconds and the size, both in hex (ngx_http_set_etag). */
export function nginxEtag(file: ServedFile): string {
  const seconds = Math.floor(Date.parse(file.lastModified) / 1000);
  return `"${seconds.toString(16)}-${utf8Length(file.body).toString(16)}"`;
}

/** The directory a location serves from: its own root, else its server block's. */
export function rootOf(server: ServerBlock, location: Location): string {
  return (location.root ?? server.root).replace(/\/+$/, '');
}

export function serveStatic(config: NginxConfig, location: Location, uri: string, vars: RequestVariables): StaticOutcome {
  const root = rootOf(vars.server, location);
  const method = vars.request.method;
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') return NOT_ALLOWED;
  if (location.try_files) {
    const entries = location.try_files;
    for (const entry of entries.slice(0, -1)) {
      const candidate = expandVariables(entry, { ...vars, request: { ...vars.request, target: uri } });
      const found = candidate.endsWith('/') ? indexFile(config, root, candidate, location) : findFile(config, `${root}${candidate}`);
      if (found) return method === 'POST' ? NOT_ALLOWED : fileReply(found, vars.request);
    }
    const fallback = entries.at(-1)!;
    if (fallback.startsWith('=')) return { kind: 'page', status: Number(fallback.slice(1)) };
    return { kind: 'internal-redirect', uri: expandVariables(fallback, vars) };
  }
  if (uri.endsWith('/')) {
    const found = indexFile(config, root, uri, location);
    if (found) return method === 'POST' ? NOT_ALLOWED : fileReply(found, vars.request);
    const dir = `${root}${uri}`;
    if (uri === '/' || isDirectory(config, dir.slice(0, -1))) return { kind: 'page', status: 403, errorLog: `[error] directory index of "${dir}" is forbidden` };
    return { kind: 'page', status: 404, errorLog: `[error] "${dir}${location.index[0]}" is not found (2: No such file or directory)` };
  }
  const path = `${root}${uri}`;
  const file = findFile(config, path);
  if (file) return method === 'POST' ? NOT_ALLOWED : fileReply(file, vars.request);
  if (isDirectory(config, path)) return { kind: 'page', status: 301, location: `${vars.scheme}://${expandVariables('$host', vars)}${uri}/` };
  return { kind: 'page', status: 404, errorLog: `[error] open() "${path}" failed (2: No such file or directory)` };
}

const NOT_ALLOWED: StaticOutcome = { kind: 'page', status: 405 };

/** nginx's disk: the files by path, and every directory that holds one. Made once per config's file list. */
interface Disk {
  readonly files: ReadonlyMap<string, ServedFile>;
  readonly directories: ReadonlySet<string>;
}

const disks = new WeakMap<readonly ServedFile[], Disk>();

function diskOf(config: NginxConfig): Disk {
  let disk = disks.get(config.files);
  if (!disk) {
    const directories = new Set<string>();
    const files = new Map<string, ServedFile>();
    for (const file of config.files) {
      // The first of two files at one path is the one served, as the list reads.
      if (!files.has(file.path)) files.set(file.path, file);
      for (let slash = file.path.lastIndexOf('/'); slash > 0; slash = file.path.lastIndexOf('/', slash - 1)) directories.add(file.path.slice(0, slash));
    }
    disk = { files, directories };
    disks.set(config.files, disk);
  }
  return disk;
}

function findFile(config: NginxConfig, path: string): ServedFile | undefined {
  return diskOf(config).files.get(path);
}

function isDirectory(config: NginxConfig, path: string): boolean {
  return diskOf(config).directories.has(path);
}

function indexFile(config: NginxConfig, root: string, dir: string, location: Location): ServedFile | undefined {
  for (const name of location.index) {
    const file = findFile(config, `${root}${dir}${name}`);
    if (file) return file;
  }
  return undefined;
}

function fileReply(file: ServedFile, request: HttpRequestPayload): StaticOutcome {
  const etag = nginxEtag(file);
  const lastModified = ['Last-Modified', file.lastModified] as const;
  const validators = [['ETag', etag] as const];
  const ifNoneMatch = headerValue(request.headers, 'If-None-Match');
  const ifModifiedSince = headerValue(request.headers, 'If-Modified-Since');
  const current = ifNoneMatch !== undefined ? ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*') : ifModifiedSince === file.lastModified;
  if (current) {
    // ngx_http_not_modified_filter: the 304 keeps Last-Modified and ETag, and drops the body and its length.
    return { kind: 'file', reply: { status: 304, reason: reasonPhrase(304), contentType: undefined, contentLength: undefined, lastModified, location: undefined, passed: validators, body: '' } };
  }
  return {
    kind: 'file',
    reply: {
      status: 200,
      reason: reasonPhrase(200),
      contentType: ['Content-Type', mimeType(file.path)],
      contentLength: ['Content-Length', String(utf8Length(file.body))],
      lastModified,
      location: undefined,
      passed: [...validators, ['Accept-Ranges', 'bytes']],
      body: request.method === 'HEAD' ? '' : file.body,
    },
  };
}
