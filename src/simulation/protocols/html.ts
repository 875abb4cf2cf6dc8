import { parse, type DefaultTreeAdapterTypes } from 'parse5';
import { innerMap } from '../engine/memo.ts';

/**
 * What a browser takes from an HTML page: its title, the text a person sees, and the
 * subresources it links, found by a real HTML parser (parse5, which follows the WHATWG
 * parsing algorithm as browsers do).
 */

export type SubresourceKind = 'stylesheet' | 'script' | 'image';

export interface Subresource {
  readonly kind: SubresourceKind;
  /** Absolute http:// URL, resolved against the page's URL. */
  readonly url: string;
}

export interface ParsedPage {
  readonly title: string;
  /** The visible text of the body: one line per block, whitespace collapsed. */
  readonly text: string;
  /** In document order; each URL once. */
  readonly subresources: readonly Subresource[];
  /** The page's icon (link rel="icon"), resolved; undefined when the page declares none. */
  readonly icon: string | undefined;
}

/** What the parser found, before URLs are resolved (it depends only on the body). */
interface RawPage {
  readonly title: string;
  readonly text: string;
  readonly links: readonly { readonly kind: SubresourceKind; readonly href: string }[];
  readonly icon: string | undefined;
}

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

// Elements whose content a person does not see as text.
const HIDDEN = new Set(['head', 'script', 'style', 'template', 'noscript', 'title']);
// Elements that start a new line of text.
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tr', 'ul',
]);

function attribute(element: Element, name: string): string | undefined {
  for (const attr of element.attrs) if (attr.name === name) return attr.value;
  return undefined;
}

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterTypes.TextNode).value;
  if (!('childNodes' in node)) return '';
  let text = '';
  for (const child of node.childNodes) text += textOf(child);
  return text;
}

function readPage(html: string): RawPage {
  const document = parse(html);
  let title: string | undefined;
  const links: { kind: SubresourceKind; href: string }[] = [];
  let icon: string | undefined;
  const lines: string[] = [];
  let line = '';
  const breakLine = () => {
    const collapsed = line.replace(/\s+/g, ' ').trim();
    if (collapsed !== '') lines.push(collapsed);
    line = '';
  };
  const visit = (node: Node, visible: boolean): void => {
    if (node.nodeName === '#text') {
      if (visible) line += (node as DefaultTreeAdapterTypes.TextNode).value;
      return;
    }
    if (!isElement(node)) {
      if ('childNodes' in node) for (const child of node.childNodes) visit(child, visible);
      return;
    }
    const tag = node.tagName;
    if (tag === 'title' && title === undefined) title = textOf(node).replace(/\s+/g, ' ').trim();
    if (tag === 'link') {
      const rel = (attribute(node, 'rel') ?? '').toLowerCase().split(/\s+/);
      const href = attribute(node, 'href');
      if (href !== undefined && rel.includes('stylesheet')) links.push({ kind: 'stylesheet', href });
      if (href !== undefined && rel.includes('icon') && icon === undefined) icon = href;
    } else if (tag === 'script') {
      const src = attribute(node, 'src');
      if (src !== undefined) links.push({ kind: 'script', href: src });
    } else if (tag === 'img') {
      const src = attribute(node, 'src');
      if (src !== undefined) links.push({ kind: 'image', href: src });
    }
    const shown = visible && !HIDDEN.has(tag);
    const block = BLOCKS.has(tag);
    if (block) breakLine();
    // A <template>'s content lives in a separate fragment that parse5 keeps apart: not visited.
    for (const child of node.childNodes) visit(child, shown);
    if (block) breakLine();
  };
  visit(document, true);
  breakLine();
  return { title: title ?? '', text: lines.join('\n'), links, icon };
}

const rawPages = new Map<string, RawPage>();
const resolvedPages = new WeakMap<RawPage, Map<string, ParsedPage>>();

/**
 * Parses an HTML page once per body (a load run gets the same body again and again) and
 * resolves its links against `pageUrl`. Links that are not http:// (https:, data:, javascript:)
 * are left out: Stackscope models only http://.
 *
 * @example parsePage('<link rel=stylesheet href=main.css>', 'http://example.com/index.html').subresources
 *   // [{ kind: 'stylesheet', url: 'http://example.com/main.css' }]
 */
export function parsePage(html: string, pageUrl: string): ParsedPage {
  let raw = rawPages.get(html);
  if (!raw) {
    if (rawPages.size >= 256) rawPages.clear();
    raw = readPage(html);
    rawPages.set(html, raw);
  }
  const byUrl = innerMap(resolvedPages, raw);
  let page = byUrl.get(pageUrl);
  if (!page) {
    if (byUrl.size >= 256) byUrl.clear();
    const seen = new Set<string>();
    const subresources: Subresource[] = [];
    for (const link of raw.links) {
      const url = resolveUrl(pageUrl, link.href);
      if (url === undefined || seen.has(url)) continue;
      seen.add(url);
      subresources.push({ kind: link.kind, url });
    }
    page = { title: raw.title, text: raw.text, subresources, icon: raw.icon === undefined ? undefined : resolveUrl(pageUrl, raw.icon) };
    byUrl.set(pageUrl, page);
  }
  return page;
}

/** Whether a Content-Type names HTML (or, when there is none, whether the body looks like it). */
export function isHtml(contentType: string | undefined, body: string): boolean {
  if (contentType === undefined) return /^\s*<(!doctype\s+html|html|head|body|title)\b/i.test(body);
  let html = htmlTypes.get(contentType);
  if (html === undefined) {
    if (htmlTypes.size >= 256) htmlTypes.clear();
    html = /^\s*text\/html\s*(;|$)/i.test(contentType);
    htmlTypes.set(contentType, html);
  }
  return html;
}

/** Servers send a handful of Content-Types: each is looked at once. */
const htmlTypes = new Map<string, boolean>();

/**
 * Resolves a URL reference against an absolute http:// or https:// base (RFC 3986 section
 * 5.2, with the WHATWG URL parser's habits that matter here: backslashes as slashes,
 * surrounding spaces trimmed, the fragment dropped). Returns undefined for any other scheme.
 *
 * @example resolveUrl('http://a.com/b/c.html', '../d.css') // 'http://a.com/d.css'
 */
export function resolveUrl(base: string, reference: string): string | undefined {
  const baseMatch = /^(https?):\/\/([^/?#]+)([^?#]*)(\?[^#]*)?/.exec(base);
  if (!baseMatch) return undefined;
  let ref = reference.trim().replace(/\\/g, '/');
  const hash = ref.indexOf('#');
  if (hash >= 0) ref = ref.slice(0, hash);
  let scheme = baseMatch[1]!;
  const named = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(ref);
  if (named) {
    const refScheme = named[1]!.toLowerCase();
    if (refScheme !== 'http' && refScheme !== 'https') return undefined;
    ref = ref.slice(named[0].length);
    // "http:foo" relative to a base of the same scheme is a relative reference in the WHATWG parser.
    if (!ref.startsWith('//')) return refScheme === scheme ? resolveUrl(base, ref) : undefined;
    scheme = refScheme;
  }
  const authority = baseMatch[2]!;
  const basePath = baseMatch[3] || '/';
  const baseQuery = baseMatch[4] ?? '';
  if (ref.startsWith('//')) {
    const match = /^\/\/([^/?]*)([^?]*)(\?.*)?$/.exec(ref)!;
    if (match[1] === '') return undefined;
    return `${scheme}://${match[1]!.toLowerCase()}${removeDotSegments(match[2] || '/')}${match[3] ?? ''}`;
  }
  if (ref === '') return `${scheme}://${authority}${basePath}${baseQuery}`;
  if (ref.startsWith('?')) return `${scheme}://${authority}${basePath}${ref}`;
  const query = ref.indexOf('?');
  const path = query < 0 ? ref : ref.slice(0, query);
  const refQuery = query < 0 ? '' : ref.slice(query);
  const merged = path.startsWith('/') ? path : `${basePath.slice(0, basePath.lastIndexOf('/') + 1)}${path}`;
  return `${scheme}://${authority}${removeDotSegments(merged)}${refQuery}`;
}

/** RFC 3986 section 5.2.4. */
function removeDotSegments(path: string): string {
  const output: string[] = [];
  const segments = path.split('/');
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    const last = index === segments.length - 1;
    if (segment === '.' || segment === '..') {
      if (segment === '..' && output.length > 1) output.pop();
      if (last) output.push('');
      continue;
    }
    output.push(segment);
  }
  const joined = output.join('/');
  return joined.startsWith('/') ? joined : `/${joined}`;
}
