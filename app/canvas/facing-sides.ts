/** Approximate node size on the canvas, for choosing which sides of two nodes face each other. */
const NODE_WIDTH = 250;
const NODE_HEIGHT = 130;

type Point = { readonly x: number; readonly y: number };
export type Side = 'top' | 'right' | 'bottom' | 'left';

/**
 * The sides a link between two nodes should leave and enter by: left/right when the nodes are
 * further apart across than down, top/bottom otherwise.
 */
export function facingSides(from: Point | undefined, to: Point | undefined): { source: Side; target: Side } {
  if (!from || !to) return { source: 'right', target: 'left' };
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  if (Math.abs(dx) / NODE_WIDTH >= Math.abs(dy) / NODE_HEIGHT) {
    return dx >= 0 ? { source: 'right', target: 'left' } : { source: 'left', target: 'right' };
  }
  return dy >= 0 ? { source: 'bottom', target: 'top' } : { source: 'top', target: 'bottom' };
}
