import dagre from '@dagrejs/dagre';
import type { TopologyDocument } from '../../src/simulation/index.ts';
import { moveNodes } from '../store/document-edits.ts';

/** The size the layout reserves per node: a node card and room for its status lines. */
const NODE_WIDTH = 250;
const NODE_HEIGHT = 150;

/**
 * Lays the stack out left to right in the order requests flow (browser, proxy, application,
 * database), with dagre's layered layout. Returns a new document; only positions change.
 */
export function autoLayout(document: TopologyDocument): TopologyDocument {
  if (document.nodes.length === 0) return document;
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 60, ranksep: 110, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of document.nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const link of document.links) graph.setEdge(link.from, link.to);
  dagre.layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of document.nodes) {
    const placed = graph.node(node.id);
    // dagre gives centres; the document keeps top-left corners.
    positions.set(node.id, { x: placed.x - NODE_WIDTH / 2, y: placed.y - NODE_HEIGHT / 2 });
  }
  return moveNodes(document, positions);
}
