import { useState } from 'react';
import { checkConnection, KIND_INFO, type Diagnostic, type TopologyDocument, type TopologyLink, type TopologyNode } from '../../src/simulation/index.ts';
import { useStackscope } from '../store/store.ts';
import { connect, copyFragment, deleteItems, pasteFragment, renameNode, setLink, setNodeConfig } from '../store/document-edits.ts';
import { KindIcon } from '../canvas/kind-icons.tsx';
import { ConfigForm } from './config-form/ConfigForm.tsx';
import { NginxConfEditor } from './NginxConfEditor.tsx';
import { ProblemList } from './ProblemList.tsx';
import { linkKey, nodeKey } from '../store/workspace-slice.ts';

const NO_PROBLEMS: readonly Diagnostic[] = [];

/**
 * Settings of what is selected: a node's name, links and config form; a link's latency; or,
 * with nothing selected, the topology's own name and every problem found before a run.
 */
export function SettingsPanel() {
  const workspace = useStackscope((state) => state.workspace);
  const nodeIds = useStackscope((state) => state.selectedNodeIds);
  const linkIds = useStackscope((state) => state.selectedLinkIds);
  if (!workspace) return null;
  const readOnly = workspace.origin.kind === 'share';
  const document = workspace.document;
  const nodes = document.nodes.filter((node) => nodeIds.includes(node.id));
  const links = document.links.filter((link) => linkIds.includes(link.id));

  let body: React.ReactNode;
  if (nodes.length === 1 && links.length === 0) body = <NodeSettings key={nodes[0]!.id} node={nodes[0]!} document={document} readOnly={readOnly} />;
  else if (links.length === 1 && nodes.length === 0) body = <LinkSettings key={links[0]!.id} link={links[0]!} document={document} />;
  else if (nodes.length + links.length > 1) body = <SelectionSettings nodeIds={nodes.map((node) => node.id)} linkIds={links.map((link) => link.id)} />;
  else body = <TopologySettings document={document} />;

  return (
    <section className="panel settings" aria-label="Settings">
      <div className="settings__body">
        {readOnly && <p className="settings__readonly">This shared topology is read-only. Use “Make a copy” to change it.</p>}
        <fieldset className="settings__fieldset" disabled={readOnly}>
          {body}
        </fieldset>
      </div>
    </section>
  );
}

function NodeSettings({ node, document, readOnly }: { node: TopologyNode; document: TopologyDocument; readOnly: boolean }) {
  const edit = useStackscope((state) => state.edit);
  const select = useStackscope((state) => state.select);
  const problems = useStackscope((state) => state.diagnosticsByTarget.get(nodeKey(node.id))) ?? NO_PROBLEMS;
  const info = KIND_INFO[node.kind];
  const labelId = `node-${node.id}-label`;
  const [configView, setConfigView] = useState<'form' | 'text'>('form');
  return (
    <div className="settings-section">
      <header className="settings-heading">
        <KindIcon kind={node.kind} />
        <div>
          <h2>{node.label}</h2>
          <p>{info.title}: {info.description}</p>
        </div>
      </header>
      <ProblemList problems={problems} />
      <div className="form-row">
        <label htmlFor={labelId}>Name</label>
        <input
          id={labelId}
          type="text"
          value={node.label}
          maxLength={80}
          onChange={(event) => edit((current) => renameNode(current, node.id, event.target.value), { coalesce: `label:${node.id}` })}
        />
      </div>
      <ConnectTo node={node} document={document} />
      <h3 className="settings-subheading">Configuration</h3>
      {node.kind === 'nginx' && (
        <div className="view-switch" role="group" aria-label="Show the configuration as">
          <button type="button" className="small-button" aria-pressed={configView === 'form'} onClick={() => setConfigView('form')}>
            Form
          </button>
          <button type="button" className="small-button" aria-pressed={configView === 'text'} onClick={() => setConfigView('text')}>
            nginx.conf text
          </button>
        </div>
      )}
      {node.kind === 'nginx' && configView === 'text' ? (
        <NginxConfEditor
          idPrefix={`node-${node.id}`}
          value={node.config}
          readOnly={readOnly}
          onApply={(config) => edit((current) => setNodeConfig(current, node.id, config))}
        />
      ) : (
        <ConfigForm
          kind={node.kind}
          value={node.config}
          idPrefix={`node-${node.id}`}
          readOnly={readOnly}
          onChange={(config) => edit((current) => setNodeConfig(current, node.id, config as Record<string, unknown>), { coalesce: `config:${node.id}` })}
        />
      )}
      <div className="settings-actions">
        <button
          type="button"
          className="small-button"
          onClick={() => {
            let ids: string[] = [];
            edit((current) => {
              const pasted = pasteFragment(current, copyFragment(current, new Set([node.id])));
              ids = pasted.ids;
              return pasted.document;
            });
            select(ids, []);
          }}
        >
          Duplicate node
        </button>
        <button
          type="button"
          className="small-button small-button--danger"
          onClick={() => {
            edit((current) => deleteItems(current, new Set([node.id]), new Set()));
            select([], []);
          }}
        >
          Delete node
        </button>
      </div>
    </div>
  );
}

/** Wiring without a mouse: pick a node to link to; a link that makes no sense says why. */
function ConnectTo({ node, document }: { node: TopologyNode; document: TopologyDocument }) {
  const edit = useStackscope((state) => state.edit);
  const [target, setTarget] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const others = document.nodes.filter((other) => other.id !== node.id);
  const linked = document.links.filter((link) => link.from === node.id || link.to === node.id);
  const selectId = `node-${node.id}-connect`;
  return (
    <div className="form-row">
      <label htmlFor={selectId}>Connect to</label>
      <div className="connect-to">
        <select id={selectId} value={target} onChange={(event) => setTarget(event.target.value)}>
          <option value="">Choose a node…</option>
          {others.map((other) => (
            <option key={other.id} value={other.id}>
              {other.label} ({KIND_INFO[other.kind].title}){checkConnection(document, node.id, other.id).ok ? '' : ' – cannot link'}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="small-button"
          disabled={target === ''}
          onClick={() => {
            let outcome: string | null = null;
            edit((current) => {
              const result = connect(current, node.id, target);
              if (result.ok) return result.document;
              outcome = result.reason;
              return current;
            });
            setMessage(outcome);
            if (outcome === null) setTarget('');
          }}
        >
          Connect
        </button>
      </div>
      {message && (
        <p className="form-error" role="alert">
          {message}
        </p>
      )}
      {linked.length > 0 && (
        <ul className="linked-list" aria-label="Links">
          {linked.map((link) => {
            const other = document.nodes.find((candidate) => candidate.id === (link.from === node.id ? link.to : link.from));
            return (
              <li key={link.id}>
                {link.from === node.id ? '→' : '←'} {other?.label ?? '?'} <span className="muted">({link.kind === 'in-process' ? 'in-process' : `${link.latencyMs} ms`})</span>
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Remove the link to ${other?.label ?? 'node'}`}
                  onClick={() => edit((current) => deleteItems(current, new Set(), new Set([link.id])))}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function LinkSettings({ link, document }: { link: TopologyLink; document: TopologyDocument }) {
  const edit = useStackscope((state) => state.edit);
  const select = useStackscope((state) => state.select);
  const problems = useStackscope((state) => state.diagnosticsByTarget.get(linkKey(link.id))) ?? NO_PROBLEMS;
  const from = document.nodes.find((node) => node.id === link.from)?.label ?? link.from;
  const to = document.nodes.find((node) => node.id === link.to)?.label ?? link.to;
  const change = (key: 'latencyMs' | 'bandwidthMbps' | 'lossPercent', value: number | undefined) =>
    edit((current) => setLink(current, link.id, { [key]: value }), { coalesce: `${key}:${link.id}` });
  return (
    <div className="settings-section">
      <header className="settings-heading">
        <div>
          <h2>
            Link: {from} → {to}
          </h2>
          <p>{link.kind === 'in-process' ? 'In-process: a WSGI call inside the application server, with no network between.' : 'Network: every packet takes the latency below, one way, plus its size over the bandwidth.'}</p>
        </div>
      </header>
      <ProblemList problems={problems} />
      {link.kind === 'network' && (
        <>
          <NumberSetting id={`link-${link.id}-latency`} label="Latency (ms, one way)" value={link.latencyMs} min={0} max={60_000} required onValid={(value) => change('latencyMs', value ?? 0)} />
          <NumberSetting
            id={`link-${link.id}-bandwidth`}
            label="Bandwidth (Mbit/s)"
            hint="Empty: no limit."
            value={link.bandwidthMbps}
            min={0.001}
            max={1_000_000}
            onValid={(value) => change('bandwidthMbps', value)}
          />
          <NumberSetting
            id={`link-${link.id}-loss`}
            label="Packet loss (%)"
            hint="Lost packets end in a drop; TCP sends lost segments again after 1 s, doubling the wait each time."
            value={link.lossPercent}
            min={0}
            max={100}
            onValid={(value) => change('lossPercent', value || undefined)}
          />
        </>
      )}
      <div className="settings-actions">
        <button
          type="button"
          className="small-button small-button--danger"
          onClick={() => {
            edit((current) => deleteItems(current, new Set(), new Set([link.id])));
            select([], []);
          }}
        >
          Delete link
        </button>
      </div>
    </div>
  );
}

/**
 * A number field that keeps what is typed, says what is wrong with it, and hands on only valid
 * values (undefined for an empty optional field).
 */
function NumberSetting(props: { id: string; label: string; hint?: string; value: number | undefined; min: number; max: number; required?: boolean; onValid: (value: number | undefined) => void }) {
  const { id, label, hint, value, min, max, required = false, onValid } = props;
  const [text, setText] = useState(value === undefined ? '' : String(value));
  // Undo and redo change the value from outside: show it, unless the text already means it.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    if ((text.trim() === '' ? undefined : Number(text)) !== value) setText(value === undefined ? '' : String(value));
  }
  const parsed = Number(text);
  const empty = text.trim() === '';
  const error = empty ? (required ? 'is required' : null) : !Number.isFinite(parsed) ? 'must be a number' : parsed < min || parsed > max ? `must be from ${min} to ${max}` : null;
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="form-row">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={text}
        aria-invalid={error !== null}
        aria-describedby={describedBy}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          const number = Number(next);
          if (next.trim() === '') {
            if (!required) onValid(undefined);
          } else if (Number.isFinite(number) && number >= min && number <= max) onValid(number);
        }}
      />
      {hint && (
        <p className="muted form-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="form-error" id={`${id}-error`}>
          {label.replace(/ \(.*$/, '')} {error}
        </p>
      )}
    </div>
  );
}

function SelectionSettings({ nodeIds, linkIds }: { nodeIds: string[]; linkIds: string[] }) {
  const edit = useStackscope((state) => state.edit);
  const select = useStackscope((state) => state.select);
  const parts = [nodeIds.length > 0 ? `${nodeIds.length} node${nodeIds.length === 1 ? '' : 's'}` : '', linkIds.length > 0 ? `${linkIds.length} link${linkIds.length === 1 ? '' : 's'}` : ''].filter(Boolean);
  return (
    <div className="settings-section">
      <header className="settings-heading">
        <div>
          <h2>{parts.join(' and ')} selected</h2>
          <p>Move them together, duplicate or delete them.</p>
        </div>
      </header>
      <div className="settings-actions">
        {nodeIds.length > 0 && (
          <button
            type="button"
            className="small-button"
            onClick={() => {
              let ids: string[] = [];
              edit((current) => {
                const pasted = pasteFragment(current, copyFragment(current, new Set(nodeIds)));
                ids = pasted.ids;
                return pasted.document;
              });
              select(ids, []);
            }}
          >
            Duplicate
          </button>
        )}
        <button
          type="button"
          className="small-button small-button--danger"
          onClick={() => {
            edit((current) => deleteItems(current, new Set(nodeIds), new Set(linkIds)));
            select([], []);
          }}
        >
          Delete
        </button>
      </div>
    </div>
  );
}

function TopologySettings({ document }: { document: TopologyDocument }) {
  const edit = useStackscope((state) => state.edit);
  const diagnostics = useStackscope((state) => state.diagnostics);
  return (
    <div className="settings-section">
      <header className="settings-heading">
        <div>
          <h2>Topology</h2>
          <p>Select a node or a link to change it. Drag kinds from the palette to add nodes; drag from a node’s edge to another node to link them.</p>
        </div>
      </header>
      <div className="form-row">
        <label htmlFor="topology-name">Topology name</label>
        <input
          id="topology-name"
          type="text"
          value={document.name}
          maxLength={120}
          onChange={(event) => edit((current) => ({ ...current, name: event.target.value }), { coalesce: 'topology-name' })}
        />
      </div>
      <h3 className="settings-subheading">Checks before a run</h3>
      {diagnostics.length === 0 ? <p className="muted">No problems found: press Play to run it.</p> : <ProblemList problems={diagnostics} showTarget document={document} />}
    </div>
  );
}
