import type { HttpResponsePayload } from '../../engine/packet.ts';
import { lowerCase } from '../../protocols/http.ts';

/** What the browser needs from a response's headers, read in one pass. */
export interface ResponseScan {
  /** The connection must not be reused: Connection: close, or HTTP/1.0 without keep-alive (RFC 9112 section 9.3). */
  readonly closes: boolean;
  readonly setCookie: boolean;
  /** '' when there is none. */
  readonly contentType: string;
  readonly location: string | undefined;
  /** A header that could make it cacheable (Cache-Control, Expires, ETag, Last-Modified): without one, it is not stored. */
  readonly cacheHints: boolean;
}

/** Reads the headers once: a load run gets a response per visit, and each lookup would walk them again. */
export function scanResponse(response: HttpResponsePayload): ResponseScan {
  let connection: string | undefined;
  let setCookie = false;
  let contentType = '';
  let location: string | undefined;
  let cacheHints = false;
  const headers = response.headers;
  for (let index = 0; index < headers.length; index++) {
    const header = headers[index]!;
    switch (lowerCase(header[0])) {
      case 'connection':
        connection ??= header[1];
        break;
      case 'set-cookie':
        setCookie = true;
        break;
      case 'content-type':
        if (contentType === '') contentType = header[1];
        break;
      case 'location':
        location ??= header[1];
        break;
      case 'cache-control':
      case 'expires':
      case 'etag':
      case 'last-modified':
        cacheHints = true;
        break;
    }
  }
  return { closes: closes(response.version, connection), setCookie, contentType, location, cacheHints };
}

function closes(version: HttpResponsePayload['version'], connection: string | undefined): boolean {
  if (connection === undefined) return version === 'HTTP/1.0';
  if (connection === 'keep-alive') return false;
  const tokens = connection.toLowerCase().split(',').map((token) => token.trim());
  if (tokens.includes('close')) return true;
  return version === 'HTTP/1.0' && !tokens.includes('keep-alive');
}
