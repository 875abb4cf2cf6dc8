import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { KIND_INFO, type NodeKind, type WorkerStatus } from '../../src/simulation/index.ts';
import { useStackscope } from '../store/store.ts';
import { nodeKey } from '../store/workspace-slice.ts';
import { KIND_COLOURS, KindIcon } from './kind-icons.tsx';

export type StackNodeData = { nodeId: string; kind: NodeKind; label: string };
export type StackFlowNode = Node<StackNodeData, 'stack'>;

/** The four sides a link can attach to; links pick the sides facing each other. */
export const SIDES = [
  { id: 'top', position: Position.Top },
  { id: 'right', position: Position.Right },
  { id: 'bottom', position: Position.Bottom },
  { id: 'left', position: Position.Left },
] as const;

const MAX_DETAILS = 3;

/** One machine or process on the canvas: its kind, its name and what it is doing now. */
function StackNodeView({ data, selected, isConnectable }: NodeProps<StackFlowNode>) {
  const status = useStackscope((state) => state.statuses[data.nodeId]);
  const problems = useStackscope((state) => state.diagnosticsByTarget.get(nodeKey(data.nodeId)));
  const errors = problems?.filter((problem) => problem.severity === 'error').length ?? 0;
  const info = KIND_INFO[data.kind];
  const style = { '--kind-colour': KIND_COLOURS[data.kind] } as React.CSSProperties;
  return (
    <div
      className={`stack-node${status?.active ? ' is-active' : ''}${selected ? ' is-selected' : ''}${errors > 0 ? ' has-errors' : problems ? ' has-warnings' : ''}`}
      style={style}
      role="group"
      aria-label={`${data.label}, ${info.title}`}
      data-kind={data.kind}
    >
      {SIDES.map((side) => (
        <Handle key={side.id} id={side.id} type="source" position={side.position} isConnectable={isConnectable} />
      ))}
      <header className="stack-node__header">
        <span className="stack-node__icon">
          <KindIcon kind={data.kind} />
        </span>
        <span className="stack-node__names">
          <strong>{data.label}</strong>
          <span>{info.title}</span>
        </span>
        {problems && (
          <span
            className={`problem-badge problem-badge--${errors > 0 ? 'error' : 'warning'}`}
            role="img"
            aria-label={`${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems[0]!.message}`}
            title={problems.map((problem) => `${problem.message} ${problem.fix}`).join('\n')}
          >
            {problems.length}
          </span>
        )}
      </header>
      {!status && (
        <div className="stack-node__status">
          <p className="stack-node__headline stack-node__headline--idle">{problems ? problems[0]!.message : 'Not running until the problems are fixed'}</p>
        </div>
      )}
      {status && (
        <div className="stack-node__status">
          <p className="stack-node__headline">{status.headline}</p>
          {status.workers && <WorkerRow workers={status.workers} />}
          {status.details.length > 0 && (
            <dl className="stack-node__details">
              {status.details.slice(0, MAX_DETAILS).map((detail) => (
                <div key={detail.label}>
                  <dt>{detail.label}</dt>
                  <dd title={detail.value}>{detail.value}</dd>
                </div>
              ))}
            </dl>
          )}
          {status.logs?.map((log) => <LogFile key={log.name} node={data.label} name={log.name} lines={log.lines} />)}
        </div>
      )}
    </div>
  );
}

/**
 * A log file the node writes, folded under its name; open, its last lines, newest last.
 * nodrag/nowheel: reading it must not drag the node or zoom the canvas.
 */
function LogFile({ node, name, lines }: { node: string; name: string; lines: readonly string[] }) {
  return (
    <details className="stack-node__log nodrag nowheel">
      <summary>
        {name} · {lines.length} line{lines.length === 1 ? '' : 's'}
      </summary>
      <ol role="log" aria-label={`${node} ${name}`}>
        {lines.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ol>
    </details>
  );
}

function WorkerRow({ workers }: { workers: readonly WorkerStatus[] }) {
  return (
    <ul className="worker-row" aria-label="Workers">
      {workers.map((worker) => (
        <li
          key={worker.id}
          className={`worker worker--${worker.state}`}
          title={worker.detail ? `${worker.id}: ${worker.state}, ${worker.detail}` : `${worker.id}: ${worker.state}`}
        >
          <span className="worker__name">{worker.id}</span>
          <span className="worker__state">{worker.state}</span>
        </li>
      ))}
    </ul>
  );
}

export const StackNode = memo(StackNodeView);
