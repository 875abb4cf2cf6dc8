import type { HeaderList } from '../../model/message.ts';
import type { Table } from '../../engine/table.ts';
import type { CookieJar } from '../../protocols/cookies.ts';
import type { StoredResponse } from '../../protocols/http-cache.ts';
import { originString, parseHttpUrl, type UrlScheme } from '../../protocols/http.ts';
import type { HasHostResolver } from './host-resolver.ts';
import type { HasTls } from '../tls-endpoint.ts';
import type { Destination } from './request-headers.ts';

/** Where a request goes: an absolute http:// or https:// URL and its parts. Made once per URL and shared. */
export interface Target {
  readonly url: string;
  readonly scheme: UrlScheme;
  readonly host: string;
  readonly port: number;
  /** The request target: path and query. */
  readonly target: string;
  /** scheme://host[:port], as the Origin header writes it. */
  readonly origin: string;
  /** The origin's /favicon.ico, made once with the target. */
  readonly favicon: string;
}

/** How a response reached the page: over the network, from the HTTP cache, or from the cache after a 304. */
export type ResponseSource = 'network' | 'cache' | 'revalidated';

/** One request of a page load, as DevTools' Network panel lists it. */
export interface RequestView {
  readonly method: string;
  readonly url: string;
  readonly destination: Destination;
  /** pending: not answered yet; failed: ended on an error (see `error`). */
  readonly source: ResponseSource | 'pending' | 'failed';
  /** The status on the wire (304 for a revalidation), or the stored one for a cache hit; null while pending or failed. */
  readonly status: number | null;
  readonly reason: string;
  /** The TCP connection it went on (its id in the browser's socket table) and the local port; null when none. */
  readonly connection: string | null;
  readonly localPort: number | null;
  /** 1 for the first request on its connection, 2 for the second (nginx's $connection_requests). */
  readonly requestOnConnection: number | null;
  /** Chromium's error code when source is 'failed'. */
  readonly error?: string;
}

/** A document as the tab shows it: its status and content, and where the response came from. */
export interface DocumentContent {
  readonly status: number;
  readonly reason: string;
  readonly contentType: string;
  /** The document's <title>, '' when it has none or is not HTML. */
  readonly title: string;
  /** What a person reads: the visible text of an HTML page, or the body itself for anything else. */
  readonly text: string;
  readonly body: string;
  readonly source: ResponseSource;
}

/** The tab with a page in it: the document, the page load's requests and the cookie jar. */
export interface LoadedPageView extends DocumentContent {
  readonly kind: 'loaded';
  readonly url: string;
  /** navigation: a typed URL; form: a form submission (POST); fetch: fetch() from the page's script. */
  readonly via: 'navigation' | 'form' | 'fetch';
  /** The document in the tab: this page's URL, or for a fetch() answer the page whose script asked. */
  readonly documentUrl: string;
  /** Every request of this page load, in the order they were made (the document first). */
  readonly requests: readonly RequestView[];
  /** The browser's whole cookie jar at this moment. */
  readonly cookies: CookieJar;
  /** True once every subresource and the favicon are done (the load event has fired). */
  readonly complete: boolean;
}

/**
 * What the tab shows: nothing yet, a loading page, the loaded page, or Chromium's error page.
 * `loaded` is a response the page shows (for a fetch() visit, the response the script got).
 */
export type PageView =
  | { readonly kind: 'blank' }
  | { readonly kind: 'loading'; readonly url: string; readonly step: string }
  | LoadedPageView
  | WebSocketView
  | { readonly kind: 'error'; readonly url: string; readonly code: string; readonly explanation: string };

/** One frame on a WebSocket, as DevTools' Messages tab lists it. */
export interface SocketMessage {
  readonly direction: 'sent' | 'received';
  readonly opcode: 'text' | 'binary' | 'close' | 'ping' | 'pong' | 'continuation';
  /** The text, a close frame's code and reason, or '' for a ping or pong without data. */
  readonly data: string;
  /** Payload bytes. */
  readonly length: number;
  /** Virtual ms. */
  readonly at: number;
}

/** A page whose script opened a WebSocket: the socket's state and the frames so far. */
export interface WebSocketView {
  readonly kind: 'websocket';
  /** The ws:// URL. */
  readonly url: string;
  /** The page whose script called new WebSocket(). */
  readonly documentUrl: string;
  /** WebSocket.readyState, in words (connecting, open, closing, closed), or failed. */
  readonly state: 'connecting' | 'open' | 'closing' | 'closed' | 'failed';
  /** The handshake's answer: 101 once open, or the status that refused it. */
  readonly status: number | null;
  readonly messages: readonly SocketMessage[];
  /** The close event's code (1000 normal, 1006 when the connection dropped without a close frame). */
  readonly closeCode: number | null;
  /** The line Chromium writes to the page's console when the socket fails. */
  readonly consoleError: string | null;
}

/** An upgraded connection the browser holds for a page's WebSocket. */
export interface SocketUse {
  readonly id: string;
  readonly url: string;
  /** Messages still to send, in order. */
  readonly unsent: readonly string[];
  readonly holdOpenMs: number;
  /** close() was called: the close frame is on its way, and the server's is awaited. */
  readonly closing: boolean;
  /** The close code the server's close frame carried, once it came. */
  readonly closeCode: number | null;
}

/** A request on its way: waiting for DNS, a connection or its response. */
export interface FetchJob {
  readonly load: number;
  /** Its place in the page load's request list. */
  readonly slot: number;
  readonly to: Target;
  readonly destination: Destination;
  readonly method: string;
  readonly body: string;
  readonly contentType: string | undefined;
  /** Part of a form submission (its Cache-Control: max-age=0 survives redirects, as in Chromium). */
  readonly formSubmission: boolean;
  /** The URL of the page that made the request; undefined for a URL typed by the person. */
  readonly initiator: string | undefined;
  readonly redirects: number;
  /** The stale stored response being revalidated, with the validators sent. */
  readonly revalidating: StoredResponse | undefined;
  readonly conditions: HeaderList;
  /** Already sent again once after a reused connection closed before answering. */
  readonly retried: boolean;
  /** The Cookie header it was sent with (for Vary: Cookie); set only when it carried one. */
  readonly sentCookie?: string;
  /** For a WebSocket's opening handshake: its key, the ws:// URL and what the script will do once it opens. */
  readonly websocket?: { readonly key: string; readonly url: string; readonly messages: readonly string[]; readonly holdOpenMs: number };
}

/** A TCP connection the browser uses for HTTP: the request on it now, or null when idle. */
export interface ConnectionUse {
  /** The TCP connection's id (its key in the table). */
  readonly id: string;
  /** The host name it was opened for: Chromium's socket pool groups connections by host and port. */
  readonly host: string;
  readonly address: string;
  readonly port: number;
  readonly job: FetchJob | null;
  /** The page load of the request on it now (or last), for the connections-per-load limit. */
  readonly load: number;
  /** Requests sent on it so far. */
  readonly served: number;
  /** When its current request was sent (virtual ms), for the HTTP cache's age. */
  readonly sentAt: number;
}

/** The document of a page load, once its response is in. */
export interface LoadedDocument extends DocumentContent {
  /** The icon the browser asks for after the load event; undefined for a fetch() answer. */
  readonly icon: string | undefined;
}

/** One visit: its document, then the subresources it links, then the favicon. */
export interface PageLoad {
  readonly id: number;
  readonly via: 'navigation' | 'form' | 'fetch';
  /** The document's URL (the last one, after redirects). */
  readonly url: string;
  /** For a fetch(): the URL of the page whose script made it. */
  readonly initiator: string | undefined;
  readonly requests: readonly RequestView[];
  readonly document: LoadedDocument | undefined;
  /** Subresources still loading. */
  readonly pending: number;
  /** Requests waiting for a connection (Chromium's six per host are busy), with the address they go to. */
  readonly waiting: readonly { readonly job: FetchJob; readonly address: string }[];
}

export interface BrowserState extends HasHostResolver<FetchJob>, HasTls {
  /** Connections used for HTTP, by TCP connection id. */
  readonly conns: Table<ConnectionUse>;
  readonly pageLoads: Table<PageLoad, number>;
  readonly nextLoad: number;
  /** How many requests wait for a connection, over all page loads (0 almost always). */
  readonly waiting: number;
  readonly page: PageView;
  readonly pagesLoaded: number;
  readonly requestsSent: number;
  readonly cacheHits: number;
  readonly revalidations: number;
  /** The HTTP cache, by URL. */
  readonly cache: Table<StoredResponse>;
  readonly cookies: CookieJar;
  /** Cookies stored so far: their creation order. */
  readonly cookiesSet: number;
  /** Favicon URLs already asked for: Chromium does not ask again for one it has or failed to get. */
  readonly favicons: ReadonlySet<string>;
  /** Upgraded connections (WebSockets), by TCP connection id. */
  readonly sockets: Table<SocketUse>;
}

const targets = new Map<string, Target | undefined>();

/** The Target of an absolute URL, worked out once per URL (undefined: not an http:// or https:// URL). */
export function targetOf(url: string): Target | undefined {
  let target = targets.get(url);
  if (target === undefined && !targets.has(url)) {
    if (targets.size >= 4096) targets.clear();
    const parsed = parseHttpUrl(url);
    const origin = parsed ? originString(parsed.scheme, parsed.host, parsed.port) : '';
    target = parsed ? { url, ...parsed, origin, favicon: `${origin}/favicon.ico` } : undefined;
    targets.set(url, target);
  }
  return target;
}

/** The origin of a URL (scheme://host[:port]), or undefined when it is not http:// or https://. */
export function originOf(url: string): string | undefined {
  return targetOf(url)?.origin;
}
