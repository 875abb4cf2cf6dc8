import type { HttpRequestPayload, SqlResultPayload } from '../../engine/packet.ts';
import type { HeaderList } from '../../model/message.ts';
import { utf8Length } from '../../protocols/bytes.ts';
import { dateHeader, reasonPhrase } from '../../protocols/http.ts';
import { pythonJson, type SessionData } from '../../protocols/signed-cookie.ts';
import type { FlaskRoute } from './config.ts';
import { cookiesOf, formOf, jsonOf } from './request-data.ts';
import { renderFile } from './static-file.ts';
import { innerWeakMap } from '../../engine/memo.ts';

/** What a view returns, before the session interface adds its headers. */
export interface Rendered {
  readonly status: number;
  readonly headers: HeaderList;
  readonly body: string;
}

/** A view's answer and what it did to the session (Flask's session.accessed / session.modified). */
export interface ViewOutput {
  readonly rendered: Rendered;
  readonly session: SessionData;
  readonly accessed: boolean;
  readonly modified: boolean;
}

/** Everything a view may look at. */
export interface ViewInput {
  readonly route: FlaskRoute | null;
  /** 200 for a matched route, else the routing error (404, 405). */
  readonly status: number;
  /** The Allow header of a 405: the path's methods as Werkzeug lists them. */
  readonly allow: string | null;
  readonly request: HttpRequestPayload;
  readonly session: SessionData;
  readonly result: SqlResultPayload | null;
  readonly now: number;
}

/** Werkzeug 2.2's error pages, byte for byte. */
export const WERKZEUG_NOT_FOUND =
  '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n';

export const WERKZEUG_METHOD_NOT_ALLOWED =
  '<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n';

export const WERKZEUG_BAD_REQUEST =
  '<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n<p>The browser (or proxy) sent a request that this server could not understand.</p>\n';

export const WERKZEUG_INTERNAL_SERVER_ERROR =
  '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.</p>\n';

const HTML = 'text/html; charset=utf-8';

/** Werkzeug's status string: code and upper-case phrase ('404 NOT FOUND'), as Gunicorn copies it to the status line. */
export function statusString(status: number): string {
  let text = statusStrings.get(status);
  if (text === undefined) {
    text = `${status} ${reasonPhrase(status).toUpperCase()}`;
    statusStrings.set(status, text);
  }
  return text;
}

const statusStrings = new Map<number, string>();

/** A response of Werkzeug's Response(body, mimetype=...): Content-Type, Content-Length, then any extra headers. */
function page(status: number, body: string, contentType = HTML, extra: HeaderList = []): Rendered {
  return { status, headers: [['Content-Type', contentType], ['Content-Length', String(utf8Length(body))], ...extra], body };
}

/** The view's answer. Views that read neither the request nor the session are rendered once per route and result. */
export function runView(input: ViewInput): ViewOutput {
  const { route, session } = input;
  const unchanged = (rendered: Rendered, accessed = false): ViewOutput => ({ rendered, session, accessed, modified: false });
  if (!route) {
    if (input.status === 405) {
      // HTTPException.get_headers(): Content-Type, then Allow; Response adds Content-Length last.
      const body = WERKZEUG_METHOD_NOT_ALLOWED;
      return unchanged({ status: 405, headers: [['Content-Type', HTML], ['Allow', input.allow ?? ''], ['Content-Length', String(utf8Length(body))]], body });
    }
    return unchanged(NOT_FOUND_PAGE);
  }
  if (input.result?.error) return unchanged(INTERNAL_ERROR_PAGE);
  switch (route.view) {
    case 'text':
      return unchanged(textView(route, input.result));
    case 'echo':
      return unchanged(echoView(input), true);
    case 'login':
      return loginView(input);
    case 'logout':
      // session.clear(): an empty session, modified only if it held something.
      return { rendered: page(200, 'logged out\n'), session: EMPTY_SESSION, accessed: true, modified: Object.keys(session).length > 0 };
    case 'redirect':
      return unchanged(redirectView(route.location ?? '/', route.redirectCode));
    case 'file':
      return unchanged(renderFile(route, input.request, dateHeader(input.now)));
  }
}

const EMPTY_SESSION: SessionData = Object.freeze({});
const NOT_FOUND_PAGE = page(404, WERKZEUG_NOT_FOUND);
const INTERNAL_ERROR_PAGE = page(500, WERKZEUG_INTERNAL_SERVER_ERROR);

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Python's html.escape (quotes too), as Werkzeug's redirect() uses it. */
function pythonHtmlEscape(text: string): string {
  return escapeHtml(text).replace(/'/g, '&#x27;');
}

/** A text view: `body` with `{rows}` filled in. Read-only, so one per route and query result. */
function textView(route: FlaskRoute, result: SqlResultPayload | null): Rendered {
  const key = result ?? NO_RESULT;
  const byRoute = innerWeakMap(textMemo, key);
  let rendered = byRoute.get(route);
  if (!rendered) {
    const rows = result ? result.rows.map((row) => `<li>${row.map(escapeHtml).join(' ')}</li>`).join('') : '';
    rendered = page(route.status, route.body.replace('{rows}', rows), route.contentType);
    byRoute.set(route, rendered);
  }
  return rendered;
}

const NO_RESULT = {};
const textMemo = new WeakMap<object, WeakMap<FlaskRoute, Rendered>>();

/**
 * `jsonify(cookies=request.cookies, form=request.form, method=request.method,
 * session_user=session.get("user"))`, as the recorded app's /echo (http-raw.json): sorted keys,
 * compact, a trailing newline. A JSON request body adds `json` (request.get_json()).
 */
function echoView(input: ViewInput): Rendered {
  const { request, session } = input;
  const json = jsonOf(request);
  if (json.present && 'invalid' in json) return page(400, WERKZEUG_BAD_REQUEST);
  const data: Record<string, unknown> = { cookies: cookiesOf(request), form: formOf(request), method: request.method, session_user: session['user'] ?? null };
  if (json.present) data['json'] = json.value;
  return page(200, `${pythonJson(data)}\n`, 'application/json');
}

/** `session["user"] = request.form["user"]; return f"logged in as {user}\n"`; a JSON body's "user" works too. */
function loginView(input: ViewInput): ViewOutput {
  const { request, session } = input;
  const json = jsonOf(request);
  const fromJson = json.present && 'value' in json && json.value !== null && typeof json.value === 'object' ? (json.value as Record<string, unknown>)['user'] : undefined;
  const user = formOf(request)['user'] ?? (typeof fromJson === 'string' ? fromJson : undefined);
  // request.form["user"] on a request without it raises BadRequestKeyError: 400.
  if (user === undefined) return { rendered: page(400, WERKZEUG_BAD_REQUEST), session, accessed: false, modified: false };
  return { rendered: page(200, `logged in as ${user}\n`), session: { ...session, user }, accessed: true, modified: true };
}

/** Werkzeug 2.2's redirect(): its small HTML page and the Location header, left as given (not made absolute). */
function redirectView(location: string, code: number): Rendered {
  const escaped = pythonHtmlEscape(location);
  const body = `<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href="${escaped}">${escaped}</a>. If not, click the link.\n`;
  return page(code, body, HTML, [['Location', location]]);
}

/** Werkzeug drops the body of a HEAD response but keeps its headers, Content-Length included. */
export function withoutBody(rendered: Rendered): Rendered {
  if (rendered.body === '') return rendered;
  let head = heads.get(rendered);
  if (!head) {
    head = { status: rendered.status, headers: rendered.headers, body: '' };
    heads.set(rendered, head);
  }
  return head;
}

const heads = new WeakMap<Rendered, Rendered>();
