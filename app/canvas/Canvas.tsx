import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  applyNodeChanges,
  Background,
  BackgroundVariant,
  ConnectionMode,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type EdgeTypes,
  type FinalConnectionState,
  type NodeChange,
  type NodeTypes,
  type OnSelectionChangeParams,
} from '@xyflow/react';
import { checkConnection, type NodeKind, type TopologyDocument } from '../../src/simulation/index.ts';
import { useStackscope } from '../store/store.ts';
import { addNode, connect, deleteItems, GRID, moveNodes } from '../store/document-edits.ts';
import { KIND_COLOURS } from './kind-icons.tsx';
import { StackNode, type StackFlowNode } from './StackNode.tsx';
import { PacketEdge, type PacketFlowEdge } from './PacketEdge.tsx';
import { facingSides } from './facing-sides.ts';
import { PALETTE_MIME } from '../editor/palette-drag.ts';

const nodeTypes: NodeTypes = { stack: StackNode };
/** Room around the topology, so the corner controls and the minimap cover no node. */
export const FIT_VIEW = { padding: { top: '24px', left: '56px', right: '24px', bottom: '124px' } } as const;
const edgeTypes: EdgeTypes = { packet: PacketEdge };

function flowNodesOf(document: TopologyDocument, selected: ReadonlySet<string>): StackFlowNode[] {
  return document.nodes.map((node) => ({
    id: node.id,
    type: 'stack',
    position: { x: node.position.x, y: node.position.y },
    data: { nodeId: node.id, kind: node.kind, label: node.label },
    selected: selected.has(node.id),
  }));
}

/**
 * The topology as a React Flow graph, editable unless it is a read-only share. Positions move
 * locally while dragging and enter the document (one undo step) when the drag ends. Links are
 * made by dragging from handle to handle and checked against the kinds' declarations.
 */
export function Canvas({ document, readOnly }: { document: TopologyDocument; readOnly: boolean }) {
  const edit = useStackscope((state) => state.edit);
  const select = useStackscope((state) => state.select);
  const showNotice = useStackscope((state) => state.showNotice);
  const selectedLinkIds = useStackscope((state) => state.selectedLinkIds);
  const { screenToFlowPosition, fitView } = useReactFlow();
  // React Flow fits the view once per mount; each topology opened afterwards is fitted here.
  const openCount = useStackscope((state) => state.openCount);
  const fitViewRef = useRef(fitView);
  fitViewRef.current = fitView;
  useEffect(() => {
    // Only when another topology opens: fitView's identity changes as nodes change.
    // An empty canvas has nothing to fit: fitting it would zoom to the maximum.
    if ((useStackscope.getState().workspace?.document.nodes.length ?? 0) === 0) return undefined;
    const frame = requestAnimationFrame(() => void fitViewRef.current(FIT_VIEW));
    return () => cancelAnimationFrame(frame);
  }, [openCount]);
  const [nodes, setNodes] = useState<StackFlowNode[]>(() => flowNodesOf(document, new Set(useStackscope.getState().selectedNodeIds)));

  useEffect(() => {
    setNodes(flowNodesOf(document, new Set(useStackscope.getState().selectedNodeIds)));
  }, [document]);

  // Selection made outside the canvas (Ctrl+A, a problem's link, a new node) shows on it too.
  const selectedNodeIds = useStackscope((state) => state.selectedNodeIds);
  useEffect(() => {
    const wanted = new Set(selectedNodeIds);
    setNodes((current) => (current.some((node) => Boolean(node.selected) !== wanted.has(node.id)) ? current.map((node) => ({ ...node, selected: wanted.has(node.id) })) : current));
  }, [selectedNodeIds]);

  const onEdgesChange = useCallback(
    (changes: EdgeChange<PacketFlowEdge>[]) => {
      const selection = changes.filter((change) => change.type === 'select');
      if (selection.length === 0) return;
      const state = useStackscope.getState();
      const links = new Set(state.selectedLinkIds);
      for (const change of selection) {
        if (change.selected) links.add(change.id);
        else links.delete(change.id);
      }
      select(state.selectedNodeIds, [...links]);
    },
    [select],
  );

  const draggingRef = useRef(false);
  const onNodesChange = useCallback(
    (changes: NodeChange<StackFlowNode>[]) => {
      // Removal goes through onDelete, as an edit of the document; everything else is local
      // until a move ends (a drag let go, or an arrow key on a selected node), which is saved.
      setNodes((current) => applyNodeChanges(changes.filter((change) => change.type !== 'remove'), current));
      const moved = new Map<string, { x: number; y: number }>();
      for (const change of changes) if (change.type === 'position' && change.dragging === false && change.position) moved.set(change.id, change.position);
      if (moved.size === 0 || readOnly) return;
      // A drag is one step of undo; a run of arrow-key nudges is one step too.
      const byMouse = draggingRef.current;
      draggingRef.current = false;
      edit((current) => moveNodes(current, moved), byMouse ? {} : { coalesce: `nudge:${[...moved.keys()].join(',')}` });
    },
    [edit, readOnly],
  );

  const edges = useMemo<PacketFlowEdge[]>(() => {
    const positions = new Map(nodes.map((node) => [node.id, node.position]));
    const selected = new Set(selectedLinkIds);
    return document.links.map((link) => {
      const sides = facingSides(positions.get(link.from), positions.get(link.to));
      return {
        id: link.id,
        source: link.from,
        target: link.to,
        sourceHandle: sides.source,
        targetHandle: sides.target,
        type: 'packet',
        selected: selected.has(link.id),
        // Above the nodes, so a packet leaving or reaching a node is never hidden under it.
        zIndex: 1,
        data: { linkKind: link.kind, latencyMs: link.latencyMs },
      };
    });
  }, [document.links, nodes, selectedLinkIds]);

  const onConnect = useCallback(
    (connection: Connection, at?: { clientX: number; clientY: number }) => {
      let refusal: string | null = null;
      edit((current) => {
        const result = connect(current, connection.source, connection.target);
        if (result.ok) return result.document;
        refusal = result.reason;
        return current;
      });
      if (refusal) showNotice({ message: refusal, x: at?.clientX ?? window.innerWidth / 2, y: at?.clientY ?? 120 });
    },
    [edit, showNotice],
  );

  // A link dropped on a node's body (not on a handle) still means "link these two": React Flow
  // only reports the node when the pointer ends near a handle, so look under the pointer too.
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (!state.fromNode || state.isValid) return;
      const point = 'changedTouches' in event ? event.changedTouches[0]! : event;
      const under = window.document.elementFromPoint(point.clientX, point.clientY)?.closest<HTMLElement>('.react-flow__node');
      const targetId = state.toNode?.id ?? under?.dataset['id'];
      if (!targetId || targetId === state.fromNode.id) return;
      onConnect({ source: state.fromNode.id, target: targetId, sourceHandle: null, targetHandle: null }, point);
    },
    [onConnect],
  );

  const isValidConnection = useCallback((connection: Connection | { source: string; target: string }) => {
    const current = useStackscope.getState().workspace?.document;
    return current !== undefined && checkConnection(current, connection.source, connection.target).ok;
  }, []);

  const onSelectionChange = useCallback(
    ({ nodes: selectedNodes, edges: selectedEdges }: OnSelectionChangeParams) => {
      select(
        selectedNodes.map((node) => node.id),
        selectedEdges.map((edge) => edge.id),
      );
    },
    [select],
  );

  const onDrop = useCallback(
    (event: React.DragEvent) => {
      const kind = event.dataTransfer.getData(PALETTE_MIME) as NodeKind;
      if (!kind || readOnly) return;
      event.preventDefault();
      const position = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      let added = '';
      edit((current) => {
        const result = addNode(current, kind, { x: position.x - 125, y: position.y - 40 });
        added = result.id;
        return result.document;
      });
      select([added], []);
    },
    [edit, readOnly, screenToFlowPosition, select],
  );

  return (
    <ReactFlow
      aria-label="Topology"
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onNodeDragStart={() => {
        draggingRef.current = true;
      }}
      onEdgesChange={onEdgesChange}
      onConnect={(connection) => onConnect(connection)}
      onConnectEnd={onConnectEnd}
      isValidConnection={isValidConnection}
      onSelectionChange={onSelectionChange}
      onDelete={({ nodes: removedNodes, edges: removedEdges }) => {
        if (readOnly) return;
        edit((current) => deleteItems(current, new Set(removedNodes.map((node) => node.id)), new Set(removedEdges.map((edge) => edge.id))));
      }}
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes(PALETTE_MIME)) {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
        }
      }}
      onDrop={onDrop}
      connectionMode={ConnectionMode.Loose}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      edgesFocusable
      deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
      multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
      snapToGrid
      snapGrid={[GRID, GRID]}
      fitView
      fitViewOptions={FIT_VIEW}
      minZoom={0.2}
      maxZoom={2}
      proOptions={{ hideAttribution: true }}
    >
      <Background variant={BackgroundVariant.Dots} gap={GRID} size={1.2} />
      <Controls showInteractive={false} aria-label="Zoom" />
      <MiniMap pannable zoomable ariaLabel="Minimap" style={{ width: 150, height: 96 }} nodeColor={(node) => KIND_COLOURS[(node.data as { kind: NodeKind }).kind]} nodeStrokeWidth={2} />
    </ReactFlow>
  );
}
