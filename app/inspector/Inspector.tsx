import { useState } from 'react';
import type { Layer, TraceEvent } from '../../src/simulation/index.ts';
import { useNodeLabels, useStackscope } from '../store/store.ts';
import { formatMs } from '../playback/format.ts';
import { route } from '../playback/EventLog.tsx';
import { describeLayer, type LayerView } from './describe-layer.ts';
import { fieldHelp } from './field-help.ts';
import { headerHelp } from './header-help.ts';
import { recordHelp } from './record-help.ts';

const EVENT_TYPE_NAMES: Record<TraceEvent['type'], string> = {
  send: 'Message sent',
  deliver: 'Message delivered',
  drop: 'Message dropped',
  state: 'State change',
  timer: 'Timer',
  intervention: 'Intervention',
};

/** The chosen event, its cause, and its message layer by layer down to the raw bytes. */
export function Inspector() {
  const selectedSeq = useStackscope((state) => state.selectedSeq);
  const events = useStackscope((state) => state.playback?.events);
  const selectEvent = useStackscope((state) => state.selectEvent);
  const event = selectedSeq === null ? undefined : events?.[selectedSeq];
  const labels = useNodeLabels();

  return (
    <section className="panel inspector" aria-label="Inspector">
      <header className="panel__header">
        <h2>Inspector</h2>
        {event && <span className="panel__hint">event #{event.seq}</span>}
      </header>
      {!event ? (
        <p className="inspector__empty">Step through the run, then pick an event in the log or a packet on the canvas to see what it carries, layer by layer.</p>
      ) : (
        <div className="inspector__body">
          <p className="inspector__summary">{event.summary}</p>
          <dl className="field-list">
            <Field name="Event" value={`${EVENT_TYPE_NAMES[event.type]} at ${formatMs(event.t).replace('t = ', '')}`} />
            <Field name="Where" value={route(event, labels)} />
            {event.protocol && <Field name="Protocol" value={event.protocol.toUpperCase()} />}
            <div className="field">
              <dt>Caused by</dt>
              <dd>
                {event.cause === null || !events?.[event.cause] ? (
                  'the start of the run'
                ) : (
                  <button type="button" className="link-button" onClick={() => selectEvent(event.cause)}>
                    #{event.cause} {events[event.cause]!.summary}
                  </button>
                )}
              </dd>
            </div>
          </dl>
          {event.message && (
            <>
              <h3 className="inspector__message-id">Message {event.message.id}</h3>
              {event.message.layers.map((layer, index) => (
                <LayerSection
                  key={`${event.seq}-${index}`}
                  view={describeLayer(layer)}
                  decrypted={event.message!.layers[index - 1]?.layer === 'tls'}
                  open={index === event.message!.layers.length - 1}
                />
              ))}
              <WireAndDecrypted layers={event.message.layers} />
            </>
          )}
        </div>
      )}
    </section>
  );
}

function Field({ name, value }: { name: string; value: string }) {
  return (
    <div className="field">
      <dt>{name}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** A field whose name, clicked, explains it in one sentence. */
function ExplainedField({ layerTitle, name, value }: { layerTitle: string; name: string; value: string }) {
  const [open, setOpen] = useState(false);
  const help = fieldHelp(layerTitle, name);
  if (!help) return <Field name={name} value={value} />;
  return (
    <div className="field">
      <dt>
        <button type="button" className="field-name" aria-expanded={open} title="What is this?" onClick={() => setOpen(!open)}>
          {name}
        </button>
      </dt>
      <dd>{value}</dd>
      {open && <dd className="field-help">{help}</dd>}
    </div>
  );
}

/** Which cell of a row names it, and the sentence a click on that cell shows. */
interface RowHelp {
  readonly cell: number;
  readonly title: string;
  readonly help: string | undefined;
}

/** Tables whose rows explain themselves: HTTP headers by their name, DNS records by their type. */
const ROW_HELP: Readonly<Record<string, (row: readonly string[]) => RowHelp>> = {
  Headers: (row) => ({ cell: 0, title: 'What is this header?', help: headerHelp(row[0] ?? '') }),
  'Response headers': (row) => ({ cell: 0, title: 'What is this header?', help: headerHelp(row[0] ?? '') }),
  'Resource records': ([section = '', name = '', type = '', ttl = '', data = '']) => ({ cell: 2, title: 'What does this record say?', help: recordHelp(section, name, type, ttl, data) }),
};

/** A row whose naming cell, clicked, adds a row that explains it in one sentence. */
function ExplainedRow({ row, explain }: { row: readonly string[]; explain: RowHelp }) {
  const [open, setOpen] = useState(false);
  const { cell, title, help } = explain;
  return (
    <>
      <tr>
        {row.map((value, index) => (
          <td key={index}>
            {index === cell && help ? (
              <button type="button" className="field-name" aria-expanded={open} title={title} onClick={() => setOpen(!open)}>
                {value}
              </button>
            ) : (
              value
            )}
          </td>
        ))}
      </tr>
      {open && help && (
        <tr className="row-help">
          <td colSpan={row.length}>{help}</td>
        </tr>
      )}
    </>
  );
}

/**
 * A TLS record's two views side by side: the bytes an eavesdropper captures (record headers
 * and ciphertext lengths), and the HTTP message the endpoints read with the session keys.
 */
function WireAndDecrypted({ layers }: { layers: readonly Layer[] }) {
  const at = layers.findIndex((layer) => layer.layer === 'tls');
  const tls = layers[at];
  const inner = layers[at + 1];
  if (tls?.layer !== 'tls' || inner?.layer !== 'http') return null;
  return (
    <section className="tls-views" aria-label="Wire view and decrypted view">
      <div className="tls-views__pane">
        <h4>On the wire: what an eavesdropper sees</h4>
        <pre className="raw" tabIndex={0} aria-label="Wire view">
          {tls.raw}
        </pre>
      </div>
      <div className="tls-views__pane">
        <h4>Decrypted with the session keys</h4>
        <pre className="raw" tabIndex={0} aria-label="Decrypted view">
          {inner.raw.replace(/\r\n/g, '␍␊\n')}
        </pre>
      </div>
    </section>
  );
}

/** One protocol layer, collapsible; the application layer starts open. A layer read out of TLS records says so. */
function LayerSection({ view, open, decrypted }: { view: LayerView; open: boolean; decrypted: boolean }) {
  return (
    <details className="layer" open={open}>
      <summary>{decrypted ? `${view.title} (decrypted from TLS)` : view.title}</summary>
      <dl className="field-list">
        {view.fields.map((item) => (
          <ExplainedField key={item.name} layerTitle={view.title} name={item.name} value={item.value} />
        ))}
      </dl>
      {view.tables.map((table) => (
        <table key={table.caption} className="layer-table">
          <caption>{table.caption}</caption>
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, rowIndex) =>
              ROW_HELP[table.caption] ? (
                <ExplainedRow key={rowIndex} row={row} explain={ROW_HELP[table.caption]!(row)} />
              ) : (
                <tr key={rowIndex}>
                  {row.map((cell, cellIndex) => (
                    <td key={cellIndex}>{cell}</td>
                  ))}
                </tr>
              ),
            )}
          </tbody>
        </table>
      ))}
      {view.body !== undefined && (
        <div className="layer-block">
          <h4>Body</h4>
          <pre tabIndex={0} aria-label="Body">{view.body}</pre>
        </div>
      )}
      {view.raw && <RawBlock label={view.raw.label} text={view.raw.text} />}
    </details>
  );
}

/** The exact bytes or text on the wire; CR LF shown as visible marks, copied as they are. */
function RawBlock({ label, text }: { label: string; text: string }) {
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('done');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="layer-block">
      <div className="layer-block__header">
        <h4>{label}</h4>
        <button type="button" className="small-button" onClick={copy} aria-label={`Copy ${label}`}>
          Copy
        </button>
        <span role="status" className="copy-status">
          {copied === 'done' ? 'Copied' : copied === 'failed' ? 'Copy failed: select the text instead' : ''}
        </span>
      </div>
      <pre className="raw" aria-label={label} tabIndex={0}>
        {text.replace(/\r\n/g, '␍␊\n')}
      </pre>
    </div>
  );
}
