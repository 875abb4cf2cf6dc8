import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/react';
import { toBlob } from 'html-to-image';

const PADDING = 0.08;

type RenderOptions = {
  backgroundColor: string;
  width: number;
  height: number;
  /** Where the graph sits in the picture and at what zoom. */
  layout: { x: number; y: number; zoom: number };
  style: Partial<CSSStyleDeclaration>;
};

/**
 * Renders the whole topology (not just what is on screen) as a PNG or SVG, the way React
 * Flow's own download example does: fit every node into an image of the graph's size.
 */
export async function canvasImage(format: 'png' | 'svg', nodes: Node[], background: string): Promise<Blob> {
  const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
  if (!viewport || nodes.length === 0) throw new Error('There is nothing on the canvas to export.');
  const bounds = getNodesBounds(nodes);
  const width = Math.ceil(Math.max(400, bounds.width * (1 + 2 * PADDING)));
  const height = Math.ceil(Math.max(300, bounds.height * (1 + 2 * PADDING)));
  const transform = getViewportForBounds(bounds, width, height, 0.5, 2, PADDING);
  const options: RenderOptions = {
    backgroundColor: background,
    width,
    height,
    layout: transform,
    style: { width: `${width}px`, height: `${height}px`, transform: `translate(${transform.x}px, ${transform.y}px) scale(${transform.zoom})` },
  };
  // Packets in flight are a moment of a run, not part of the drawing. The copy keeps SVG
  // attributes but not the classes' styles, so they are hidden by attribute while copying.
  const packets = [...viewport.querySelectorAll('.packet')];
  for (const packet of packets) packet.setAttribute('display', 'none');
  try {
    return await render(format, viewport, options);
  } finally {
    for (const packet of packets) packet.removeAttribute('display');
  }
}

async function render(format: 'png' | 'svg', viewport: HTMLElement, options: RenderOptions): Promise<Blob> {
  if (format === 'png') {
    const { backgroundColor, width, height, style } = options;
    const png = await toBlob(viewport, { backgroundColor, width, height, style, pixelRatio: 2 });
    if (!png) throw new Error('The browser could not draw the image.');
    return png;
  }
  return vectorSvg(viewport, options);
}

/**
 * A drawing of plain SVG shapes and text, without the <foreignObject> that html-to-image
 * would wrap the HTML nodes in: slide programs and vector editors (PowerPoint, Keynote,
 * Inkscape, Illustrator) do not draw foreignObject, so they would show the links only.
 * dom-to-svg reads the rendered page, so the graph is laid out at zoom 1 for the moment of
 * the copy (font sizes are read unscaled), then put back.
 */
async function vectorSvg(viewport: HTMLElement, options: RenderOptions): Promise<Blob> {
  const { elementToSVG } = await import('dom-to-svg');
  const { x, y, zoom } = options.layout;
  const saved = viewport.style.transform;
  viewport.style.transform = `translate(${x / zoom}px, ${y / zoom}px) scale(1)`;
  try {
    const origin = viewport.parentElement!.getBoundingClientRect();
    const width = options.width / zoom;
    const height = options.height / zoom;
    const svg = elementToSVG(viewport, { captureArea: new DOMRect(origin.left, origin.top, width, height) }).documentElement;
    // The page's address (a comment) and the packets of the moment stay out of the drawing.
    for (const comment of [...svg.childNodes].filter((node) => node.nodeType === Node.COMMENT_NODE)) comment.remove();
    for (const packet of svg.querySelectorAll('.packet')) packet.remove();
    svg.setAttribute('width', String(options.width));
    svg.setAttribute('height', String(options.height));
    svg.setAttribute('viewBox', `${origin.left} ${origin.top} ${width} ${height}`);
    const backdrop = svg.ownerDocument.createElementNS('http://www.w3.org/2000/svg', 'rect');
    for (const [name, value] of Object.entries({ x: origin.left, y: origin.top, width, height, fill: options.backgroundColor })) backdrop.setAttribute(name, String(value));
    svg.insertBefore(backdrop, svg.firstChild);
    return new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' });
  } finally {
    viewport.style.transform = saved;
  }
}
