import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/react';
import { toPng, toSvg } from 'html-to-image';

const PADDING = 0.08;

/**
 * Renders the whole topology (not just what is on screen) as a PNG or SVG, the way React
 * Flow's own download example does: fit every node into an image of the graph's size.
 */
export async function canvasImage(format: 'png' | 'svg', nodes: Node[], background: string): Promise<string> {
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
    // Packets in flight are a moment of a run, not part of the drawing.
    filter: (element: HTMLElement) => !element.classList?.contains('packet'),
    style: { width: `${width}px`, height: `${height}px`, transform: `translate(${transform.x}px, ${transform.y}px) scale(${transform.zoom})` },
  };
  return format === 'png' ? toPng(viewport, { ...options, pixelRatio: 2 }) : toSvg(viewport, options);
}
