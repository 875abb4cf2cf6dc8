import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/react';
import { toBlob, toSvg } from 'html-to-image';

const PADDING = 0.08;

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
  const options = {
    backgroundColor: background,
    width,
    height,
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

async function render(format: 'png' | 'svg', viewport: HTMLElement, options: Parameters<typeof toSvg>[1]): Promise<Blob> {
  if (format === 'png') {
    const png = await toBlob(viewport, { ...options, pixelRatio: 2 });
    if (!png) throw new Error('The browser could not draw the image.');
    return png;
  }
  // toSvg gives a data: URL; read it here rather than fetch it, which the CSP (connect-src) forbids.
  const url = await toSvg(viewport, options);
  return new Blob([decodeURIComponent(url.slice(url.indexOf(',') + 1))], { type: 'image/svg+xml' });
}
