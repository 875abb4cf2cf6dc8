import type { HttpRequestPayload } from '../../engine/packet.ts';
import type { HeaderList } from '../../model/message.ts';
import { utf8Length } from '../../protocols/bytes.ts';
import { headerValue } from '../../protocols/http.ts';
import { utf8Bytes } from '../../protocols/signed-cookie.ts';
import type { FlaskRoute } from './config.ts';
import type { Rendered } from './views.ts';

/**
 * Werkzeug 2.2's send_file (what Flask's /static route and send_from_directory use), with
 * Flask's defaults: conditional=True, etag=True, max_age=None. A 200 carries
 * Content-Disposition, Content-Type, Content-Length, Last-Modified, Cache-Control: no-cache,
 * ETag and Date, in that order; make_conditional() turns it into a 304 when the request's
 * If-None-Match (or, without it, If-Modified-Since) says the client's copy is current, and
 * Werkzeug then drops the entity headers and the body.
 */

/** mimetypes.guess_type for common static files; Werkzeug adds the charset to text types. */
const MIME_TYPES: Readonly<Record<string, string>> = {
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  ico: 'image/vnd.microsoft.icon',
};

/** zlib.adler32, which Werkzeug hashes the file's path with for the ETag. */
export function adler32(text: string): number {
  let a = 1;
  let b = 0;
  for (const byte of utf8Bytes(text)) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return (b * 65536 + a) >>> 0;
}

/** The parts of a file response that do not depend on the request, worked out once per route. */
interface FileInfo {
  readonly etag: string;
  readonly lastModifiedMs: number;
  readonly headers: HeaderList;
}

function fileInfo(route: FlaskRoute): FileInfo {
  let info = infos.get(route);
  if (!info) {
    const path = route.filePath ?? `/srv/app${route.rule}`;
    const name = path.slice(path.lastIndexOf('/') + 1);
    const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
    const size = utf8Length(route.body);
    const lastModifiedMs = Date.parse(route.lastModified);
    // f"{mtime}-{size}-{check}": st_mtime is a float; a whole second prints as 1795464025.0.
    const etag = `"${Math.floor(lastModifiedMs / 1000)}.0-${size}-${adler32(path)}"`;
    info = {
      etag,
      lastModifiedMs,
      headers: [
        ['Content-Disposition', `inline; filename=${name}`],
        ['Content-Type', MIME_TYPES[extension] ?? 'application/octet-stream'],
        ['Content-Length', String(size)],
        ['Last-Modified', route.lastModified],
        ['Cache-Control', 'no-cache'],
        ['ETag', etag],
      ],
    };
    infos.set(route, info);
  }
  return info;
}

const infos = new WeakMap<FlaskRoute, FileInfo>();

/** If-None-Match's entity tags, compared weakly as RFC 9110 section 13.1.2 requires (W/ ignored). */
function noneMatch(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

/**
 * Werkzeug's is_resource_modified(), negated: If-None-Match decides when present; otherwise
 * If-Modified-Since at or after Last-Modified means unmodified.
 */
export function isNotModified(request: HttpRequestPayload, etag: string, lastModifiedMs: number): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const ifNoneMatch = headerValue(request.headers, 'If-None-Match');
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '') return noneMatch(ifNoneMatch, etag);
  const ifModifiedSince = headerValue(request.headers, 'If-Modified-Since');
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && lastModifiedMs <= since;
}

/** The file's 200, or a 304 with only Content-Disposition, Cache-Control, ETag and Date. */
export function renderFile(route: FlaskRoute, request: HttpRequestPayload, date: readonly [string, string]): Rendered {
  const info = fileInfo(route);
  if (isNotModified(request, info.etag, info.lastModifiedMs)) {
    // remove_entity_headers(): Content-Type, Content-Length and Last-Modified go.
    return { status: 304, headers: [info.headers[0]!, info.headers[4]!, info.headers[5]!, date], body: '' };
  }
  return { status: 200, headers: [...info.headers, date], body: route.body };
}
