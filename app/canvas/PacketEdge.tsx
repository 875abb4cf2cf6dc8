import { memo, useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import type { InFlightMessage, LinkKind } from '../../src/simulation/index.ts';
import { useStackscope } from '../store/store.ts';
import { linkKey } from '../store/workspace-slice.ts';
import { flightProgress, packetLabel } from './packet-view.ts';
import { samplePath } from './path-geometry.ts';

export type PacketEdgeData = { linkKind: LinkKind; latencyMs: number };
export type PacketFlowEdge = Edge<PacketEdgeData, 'packet'>;

const NO_PACKETS: readonly InFlightMessage[] = [];
const PACKET_HEIGHT = 18;
const PACKET_END_INSET = 34;

/**
 * A link, with the messages travelling on it drawn along its path. Which messages are on the
 * link changes only when the run's cursor moves (React state); where they are changes every
 * frame while playing, so positions are written straight to the SVG from a transient store
 * subscription instead of re-rendering.
 */
function PacketEdgeView(props: EdgeProps<PacketFlowEdge>) {
  const { id, source, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected } = props;
  const problems = useStackscope((state) => state.diagnosticsByTarget.get(linkKey(id)));
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const packets = useStackscope((state) => state.inFlightByLink.get(id) ?? NO_PACKETS);
  const selectedSeq = useStackscope((state) => state.selectedSeq);
  const selectEvent = useStackscope((state) => state.selectEvent);
  const packetRefs = useRef(new Map<number, SVGGElement>());
  const geometry = useMemo(() => samplePath(path), [path]);

  const place = useCallback(
    (time: number) => {
      if (packets.length === 0) return;
      const length = geometry.length;
      // Messages sent together (an ACK and the request behind it) would sit on top of each
      // other; stack them instead, so each one can be seen and clicked.
      const stacked = new Map<string, number>();
      for (const packet of packets) {
        const element = packetRefs.current.get(packet.send.seq);
        if (!element) continue;
        const progress = flightProgress(packet, time);
        const along = packet.from === source ? progress : 1 - progress;
        // Keep the whole packet off the nodes at both ends of the link.
        const inset = Math.min(length / 2, PACKET_END_INSET);
        const point = geometry.pointAt(inset + (length - 2 * inset) * along);
        const key = along.toFixed(3);
        const below = stacked.get(key) ?? 0;
        stacked.set(key, below + 1);
        const y = point.y + below * (PACKET_HEIGHT + 4);
        element.setAttribute('transform', `translate(${point.x.toFixed(1)} ${y.toFixed(1)})`);
      }
    },
    [packets, source, geometry],
  );

  useLayoutEffect(() => {
    place(useStackscope.getState().playback?.time ?? 0);
    if (packets.length === 0) return undefined;
    return useStackscope.subscribe((state, previous) => {
      if (state.playback?.time !== previous.playback?.time) place(state.playback?.time ?? 0);
    });
  }, [place, packets.length]);

  const inProcess = data?.linkKind === 'in-process';
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        interactionWidth={16}
        className={`link ${inProcess ? 'link--in-process' : 'link--network'}`}
        style={linkStyle(inProcess, Boolean(selected), Boolean(problems))}
      />
      <EdgeLabelRenderer>
        <div
          className={`link-label${problems ? ' has-errors' : ''}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          title={problems?.map((problem) => `${problem.message} ${problem.fix}`).join('\n')}
        >
          {problems ? '⚠ ' : ''}
          {inProcess ? 'WSGI, in-process' : `${data?.latencyMs ?? 0} ms`}
        </div>
      </EdgeLabelRenderer>
      {packets.map((packet) => {
        const label = packetLabel(packet.send);
        const width = 12 + label.length * 6.6;
        const selected = packet.send.seq === selectedSeq;
        return (
          <g
            key={packet.send.seq}
            ref={(element) => {
              if (element) packetRefs.current.set(packet.send.seq, element);
              else packetRefs.current.delete(packet.send.seq);
            }}
            className={`packet packet--${packet.send.protocol ?? 'other'}${selected ? ' is-selected' : ''}`}
            role="button"
            tabIndex={0}
            aria-label={`Packet #${packet.send.seq}: ${packet.send.summary}`}
            aria-pressed={selected}
            onClick={(event) => {
              event.stopPropagation();
              selectEvent(packet.send.seq);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                event.stopPropagation();
                selectEvent(packet.send.seq);
              }
            }}
          >
            <rect x={-width / 2} y={-PACKET_HEIGHT / 2} width={width} height={PACKET_HEIGHT} rx={PACKET_HEIGHT / 2} />
            <text textAnchor="middle" dominantBaseline="central">
              {label}
            </text>
          </g>
        );
      })}
    </>
  );
}

export const PacketEdge = memo(PacketEdgeView);

const LINK_COLOURS = { network: '#98a2b3', inProcess: '#b45309', selected: '#4f46e5', error: '#dc2626' };

/**
 * A link's stroke as inline style with concrete colours, not classes: the PNG and SVG export
 * copies inline styles, and without them a path would be drawn filled black.
 */
function linkStyle(inProcess: boolean, selected: boolean, hasErrors: boolean): React.CSSProperties {
  const stroke = hasErrors ? LINK_COLOURS.error : selected ? LINK_COLOURS.selected : inProcess ? LINK_COLOURS.inProcess : LINK_COLOURS.network;
  return { stroke, strokeWidth: selected ? 3 : 2, fill: 'none', ...(inProcess ? { strokeDasharray: '6 5' } : {}) };
}
