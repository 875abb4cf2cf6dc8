import { useEffect, useMemo } from 'react';
import {
  Background,
  BackgroundVariant,
  ConnectionMode,
  Controls,
  ReactFlow,
  useNodesState,
  type EdgeTypes,
  type NodeTypes,
} from '@xyflow/react';
import type { TopologyDocument } from '../../src/simulation/index.ts';
import { StackNode, type StackFlowNode } from './StackNode.tsx';
import { PacketEdge, type PacketFlowEdge } from './PacketEdge.tsx';
import { facingSides } from './facing-sides.ts';

const nodeTypes: NodeTypes = { stack: StackNode };
const edgeTypes: EdgeTypes = { packet: PacketEdge };

function flowNodesOf(document: TopologyDocument): StackFlowNode[] {
  return document.nodes.map((node) => ({
    id: node.id,
    type: 'stack',
    position: { x: node.position.x, y: node.position.y },
    data: { nodeId: node.id, kind: node.kind, label: node.label },
    connectable: false,
  }));
}

/**
 * The topology as a React Flow graph. Nodes can be moved to see better; the run does not
 * depend on where they are. Each link attaches to the sides of its nodes that face each other.
 */
export function Canvas({ document }: { document: TopologyDocument }) {
  const [nodes, setNodes, onNodesChange] = useNodesState<StackFlowNode>(flowNodesOf(document));
  useEffect(() => setNodes(flowNodesOf(document)), [document, setNodes]);

  const edges = useMemo<PacketFlowEdge[]>(() => {
    const positions = new Map(nodes.map((node) => [node.id, node.position]));
    return document.links.map((link) => {
      const sides = facingSides(positions.get(link.from), positions.get(link.to));
      return {
        id: link.id,
        source: link.from,
        target: link.to,
        sourceHandle: sides.source,
        targetHandle: sides.target,
        type: 'packet',
        selectable: false,
        // Above the nodes, so a packet leaving or reaching a node is never hidden under it.
        zIndex: 1,
        focusable: false,
        data: { linkKind: link.kind, latencyMs: link.latencyMs },
      };
    });
  }, [document.links, nodes]);

  return (
    <ReactFlow
      aria-label="Topology"
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      connectionMode={ConnectionMode.Loose}
      nodesConnectable={false}
      edgesFocusable={false}
      fitView
      fitViewOptions={{ padding: 0.12 }}
      minZoom={0.3}
      maxZoom={2}
      proOptions={{ hideAttribution: true }}
    >
      <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
