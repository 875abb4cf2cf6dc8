import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { NodeKind } from '../../src/simulation/index.ts';
import { useStackscope } from '../store/store.ts';
import { addNode, GRID } from '../store/document-edits.ts';

/**
 * Adds a node without a mouse: in the middle of what the canvas shows, moved along a little
 * when a node is already there, and selected so its settings open.
 */
export function useAddNode(): (kind: NodeKind) => void {
  const { screenToFlowPosition } = useReactFlow();
  return useCallback(
    (kind: NodeKind) => {
      const { edit, select } = useStackscope.getState();
      const stage = document.querySelector('.stage')?.getBoundingClientRect();
      const centre = stage ? screenToFlowPosition({ x: stage.left + stage.width / 2, y: stage.top + stage.height / 2 }) : { x: 0, y: 0 };
      let added = '';
      edit((current) => {
        let position = { x: centre.x - 125, y: centre.y - 60 };
        const taken = (x: number, y: number) => current.nodes.some((node) => Math.abs(node.position.x - x) < 200 && Math.abs(node.position.y - y) < 100);
        for (let step = 0; step < 40 && taken(position.x, position.y); step++) position = { x: position.x + GRID * 3, y: position.y + GRID * 2 };
        const result = addNode(current, kind, position);
        added = result.id;
        return result.document;
      });
      if (added) select([added], []);
    },
    [screenToFlowPosition],
  );
}
