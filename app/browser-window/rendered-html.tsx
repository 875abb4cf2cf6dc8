import { createElement, type ReactNode } from 'react';
import { parse, type DefaultTreeAdapterTypes } from 'parse5';

type ParentNode = DefaultTreeAdapterTypes.ParentNode;
type ChildNode = DefaultTreeAdapterTypes.ChildNode;
type Element = DefaultTreeAdapterTypes.Element;

/**
 * Elements the preview draws as themselves. Everything else (scripts, styles, iframes, forms'
 * inputs, unknown tags) is either dropped or reduced to its text: the page comes from a
 * simulated server a person may have typed, so none of its markup reaches the real DOM
 * except these plain, attribute-free elements.
 */
const DRAWN = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'ul', 'ol', 'li', 'em', 'strong', 'b', 'i', 'code', 'pre', 'blockquote', 'br', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'small', 'span', 'div', 'section', 'article', 'main', 'header', 'footer', 'nav']);
const SKIPPED = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'head']);

/**
 * The page drawn as a person would see it in the browser, from a real HTML parse (parse5,
 * the WHATWG algorithm): headings, paragraphs, lists, links and images as placeholders.
 */
export function renderHtml(html: string): ReactNode {
  const body = findElement(parse(html), 'body');
  return body ? renderChildren(body) : null;
}

function renderChildren(parent: ParentNode): ReactNode[] {
  return parent.childNodes.map((child, index) => renderNode(child, index));
}

function renderNode(node: ChildNode, key: number): ReactNode {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterTypes.TextNode).value;
  if (!('tagName' in node)) return null;
  const element = node as Element;
  const tag = element.tagName;
  if (SKIPPED.has(tag)) return null;
  if (tag === 'a') {
    return (
      <span key={key} className="page-link" title={attribute(element, 'href') ?? undefined}>
        {renderChildren(element)}
      </span>
    );
  }
  if (tag === 'img') {
    const alt = attribute(element, 'alt');
    return (
      <span key={key} className="page-image">
        [image{alt ? `: ${alt}` : ''}]
      </span>
    );
  }
  if (tag === 'br' || tag === 'hr') return createElement(tag, { key });
  if (DRAWN.has(tag)) return createElement(tag, { key }, ...renderChildren(element));
  return <span key={key}>{renderChildren(element)}</span>;
}

function findElement(parent: ParentNode, tag: string): Element | undefined {
  for (const child of parent.childNodes) {
    if (!('tagName' in child)) continue;
    if (child.tagName === tag) return child;
    const found = findElement(child, tag);
    if (found) return found;
  }
  return undefined;
}

function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name)?.value;
}
