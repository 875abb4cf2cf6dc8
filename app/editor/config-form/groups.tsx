import { freeKey, initialValue, insertRow, moveRow, removeRow, renameKey, setAt, UNSET, valueText } from './form-edit.ts';
import { errorsAt, type ArrayNode, type EnumSpec, type FormNode, type ObjectNode, type RecordNode } from './form-model.ts';
import { contextText, domId, rowName, useDraftText, useForm, where } from './form-context.ts';
import { Errors, Help, LabelText, LeafField, useChrome, type FieldChrome } from './fields.tsx';

interface ViewProps {
  readonly node: FormNode;
  /** The node is a list item: its row already names it, so a group draws no heading of its own. */
  readonly inRow?: boolean;
}

/** Any field: a control for a value, a group for an object, rows for a list or a record. */
export function FieldView({ node, inRow = false }: ViewProps) {
  switch (node.type) {
    case 'leaf':
      return <LeafField node={node} inRow={inRow} />;
    case 'object':
      return <ObjectView node={node} inRow={inRow} />;
    case 'array':
      return node.spec.item.type === 'enum' ? <ChoiceList node={node} spec={node.spec.item} inRow={inRow} /> : <RowList node={node} inRow={inRow} />;
    case 'record':
      return <RecordView node={node} inRow={inRow} />;
  }
}

/** A group's heading, help and errors; `bare` keeps only the errors (the row heading names it). */
function GroupHead({ chrome, labelId, label, context, bare }: { chrome: FieldChrome; labelId: string; label: string; context: readonly string[]; bare: boolean }) {
  return (
    <>
      {!bare && (
        <div className="cf-group__head">
          <span className="cf-legend" id={labelId}>
            <LabelText label={label} context={context} />
          </span>
        </div>
      )}
      {!bare && <Help chrome={chrome} />}
      <Errors chrome={chrome} />
    </>
  );
}

function ObjectView({ node, inRow }: { node: ObjectNode; inRow: boolean }) {
  const form = useForm();
  const chrome = useChrome(node.spec, node.path, node.pathText, { showHelp: !inRow });
  const fields = node.fields.map((field) => <FieldView key={String(field.path[field.path.length - 1])} node={field} />);
  if (node.path.length === 0 || inRow) {
    return (
      <>
        {node.path.length > 0 && <Errors chrome={chrome} />}
        {fields.length ? fields : <p className="cf-note">No settings.</p>}
      </>
    );
  }
  const labelId = domId(form.idPrefix, node.path, 'label');
  return (
    <div className="cf-group" role="group" aria-labelledby={labelId} aria-describedby={chrome.describedBy}>
      <GroupHead chrome={chrome} labelId={labelId} label={node.spec.label} context={node.context} bare={false} />
      <div className="cf-group__body">{fields}</div>
    </div>
  );
}

/** A list of choices (Flask's `methods`): one checkbox per allowed value, in the schema's order. */
function ChoiceList({ node, spec, inRow }: { node: ArrayNode; spec: EnumSpec; inRow: boolean }) {
  const form = useForm();
  const values = node.rows.map((row) => row.node.value);
  const itemErrors = node.rows.flatMap((row) => errorsAt(form.errors, row.node.pathText).map((message) => `${valueText(row.node.value) || `${node.spec.itemLabel} ${row.index + 1}`} ${message}`));
  const chrome = useChrome(node.spec, node.path, node.pathText, { showHelp: !inRow, extraErrors: itemErrors });
  const labelId = domId(form.idPrefix, node.path, 'label');
  const extras = values.filter((value) => !spec.options.some((option) => Object.is(option, value)));
  const toggle = (choice: unknown, on: boolean) => {
    const chosen = on ? [...values, choice] : values.filter((value) => !Object.is(value, choice));
    const ordered = [...spec.options.filter((option) => chosen.some((value) => Object.is(value, option))), ...chosen.filter((value) => !spec.options.some((option) => Object.is(option, value)))];
    form.change(setAt(form.spec, form.root, node.path, ordered));
  };
  const box = (choice: unknown, index: number, checked: boolean) => (
    <label className="cf-check cf-choice" key={index}>
      <input type="checkbox" id={domId(form.idPrefix, node.path, `choice${index}`)} checked={checked} aria-describedby={chrome.errorId} onChange={(event) => toggle(choice, event.target.checked)} />
      <span>
        {choice === null ? 'null' : valueText(choice)}
        <span className="cf-visually-hidden">{contextText([node.spec.label, ...node.context])}</span>
      </span>
    </label>
  );
  return (
    <div className="cf-group cf-group--choices" role="group" aria-labelledby={labelId} aria-describedby={chrome.describedBy}>
      {inRow ? (
        <span className="cf-visually-hidden" id={labelId}>
          {rowName(node.context)}
        </span>
      ) : (
        <div className="cf-group__head">
          <span className="cf-legend" id={labelId}>
            <LabelText label={node.spec.label} context={node.context} />
          </span>
        </div>
      )}
      {!inRow && <Help chrome={chrome} />}
      <div className="cf-choices">
        {spec.options.map((option, index) => box(option, index, values.some((value) => Object.is(value, option))))}
        {extras.map((value, index) => box(value, spec.options.length + index, true))}
      </div>
      <Errors chrome={chrome} />
    </div>
  );
}

/** Rows of a list, each with buttons to move it and remove it, and a button to add one. */
function RowList({ node, inRow }: { node: ArrayNode; inRow: boolean }) {
  const form = useForm();
  const chrome = useChrome(node.spec, node.path, node.pathText, { showHelp: !inRow });
  const labelId = domId(form.idPrefix, node.path, 'label');
  const addId = domId(form.idPrefix, node.path, 'add');
  const { itemLabel } = node.spec;
  const leafRows = node.spec.item.type !== 'object' && node.spec.item.type !== 'array' && node.spec.item.type !== 'record';
  const rowId = (index: number) => domId(form.idPrefix, [...node.path, index], 'row');
  const full = node.spec.maxItems !== undefined && node.total >= node.spec.maxItems;

  const add = () => {
    form.focusLater(rowId(node.total));
    form.change(insertRow(form.spec, form.root, node.path));
  };
  const remove = (index: number) => {
    form.focusLater(addId);
    form.change(removeRow(form.spec, form.root, node.path, index));
  };
  const move = (from: number, to: number, direction: 'up' | 'down') => {
    const other = direction === 'up' ? 'down' : 'up';
    form.focusLater(`${rowId(to)}-${direction}`, `${rowId(to)}-${other}`);
    form.change(moveRow(form.spec, form.root, node.path, from, to));
  };

  return (
    <div className={`cf-group${inRow ? ' cf-group--bare' : ''}`} role="group" aria-labelledby={inRow ? undefined : labelId} aria-label={inRow ? rowName(node.context) : undefined} aria-describedby={chrome.describedBy}>
      <GroupHead chrome={chrome} labelId={labelId} label={node.spec.label} context={node.context} bare={inRow} />
      {node.fromDefault && <p className="cf-note">Showing the default; a change makes it this node's own.</p>}
      {node.rows.length > 0 && (
        <ol className={leafRows ? 'cf-rows cf-rows--inline' : 'cf-rows'}>
          {node.rows.map((row) => {
            const buttons = (
              <span className="cf-row__buttons">
                <button type="button" className="cf-icon-button" id={`${rowId(row.index)}-up`} aria-label={`Move ${row.label} up${where(node.context, 'in')}`} title="Move up" disabled={row.index === 0} onClick={() => move(row.index, row.index - 1, 'up')}>
                  ↑
                </button>
                <button type="button" className="cf-icon-button" id={`${rowId(row.index)}-down`} aria-label={`Move ${row.label} down${where(node.context, 'in')}`} title="Move down" disabled={row.index >= node.total - 1} onClick={() => move(row.index, row.index + 1, 'down')}>
                  ↓
                </button>
                <button type="button" className="cf-icon-button cf-icon-button--remove" aria-label={`Remove ${row.label}${where(node.context, 'from')}`} title="Remove" onClick={() => remove(row.index)}>
                  ×
                </button>
              </span>
            );
            if (leafRows) {
              return (
                <li key={row.index} className="cf-row cf-row--inline" id={rowId(row.index)}>
                  <FieldView node={row.node} inRow />
                  {buttons}
                </li>
              );
            }
            const rowLabelId = `${rowId(row.index)}-label`;
            return (
              <li key={row.index} className="cf-rows__item">
                {/* The group is inside the item: a list item must keep its listitem role. */}
                <div className="cf-row" id={rowId(row.index)} role="group" aria-labelledby={rowLabelId}>
                  <div className="cf-row__head">
                    <span className="cf-row__title" id={rowLabelId}>
                      <LabelText label={row.label} context={node.context} />
                    </span>
                    {buttons}
                  </div>
                  <div className="cf-row__body">
                    <FieldView node={row.node} inRow />
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {node.total > node.rows.length && (
        <p className="cf-note">
          Showing the first {node.rows.length} of {node.total}; edit the rest in the document.
        </p>
      )}
      <button type="button" className="cf-add" id={addId} aria-label={`Add ${itemLabel}${where(node.context, 'to')}`} disabled={full} onClick={add}>
        + Add {itemLabel}
      </button>
    </div>
  );
}

/** A map of names to values: each entry's key is editable text, its value a field. */
function RecordView({ node, inRow }: { node: RecordNode; inRow: boolean }) {
  const form = useForm();
  const chrome = useChrome(node.spec, node.path, node.pathText, { showHelp: !inRow });
  const labelId = domId(form.idPrefix, node.path, 'label');
  const addId = domId(form.idPrefix, node.path, 'add');
  const keys = node.entries.map((entry) => entry.key);
  const nextKey = freeKey(keys, node.spec.keyOptions);
  const add = () => {
    if (nextKey === undefined) return;
    form.focusLater(domId(form.idPrefix, [...node.path, nextKey], 'key'));
    form.change(setAt(form.spec, form.root, [...node.path, nextKey], initialValue(node.spec.value)));
  };
  return (
    <div className={`cf-group${inRow ? ' cf-group--bare' : ''}`} role="group" aria-labelledby={inRow ? undefined : labelId} aria-label={inRow ? rowName(node.context) : undefined} aria-describedby={chrome.describedBy}>
      <GroupHead chrome={chrome} labelId={labelId} label={node.spec.label} context={node.context} bare={inRow} />
      {node.fromDefault && <p className="cf-note">Showing the default; a change makes it this node's own.</p>}
      {node.entries.length > 0 && (
        <ul className="cf-rows">
          {node.entries.map((entry) => (
            <li key={entry.index} className="cf-row cf-row--entry">
              <KeyInput node={node} entryKey={entry.key} taken={keys} />
              <div className="cf-row__body">
                <FieldView node={entry.node} inRow />
              </div>
              <span className="cf-row__buttons">
                <button
                  type="button"
                  className="cf-icon-button cf-icon-button--remove"
                  aria-label={`Remove ${entry.key}${where(node.context, 'from')}`}
                  title="Remove"
                  onClick={() => {
                    form.focusLater(addId);
                    form.change(setAt(form.spec, form.root, [...node.path, entry.key], UNSET));
                  }}
                >
                  ×
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="cf-add" id={addId} aria-label={`Add ${node.spec.label || 'entry'} entry${where(node.context, 'to')}`} disabled={nextKey === undefined} onClick={add}>
        + Add entry
      </button>
    </div>
  );
}

/** A record key, renamed as it is typed; an empty or taken name stays a draft with its error. */
function KeyInput({ node, entryKey, taken }: { node: RecordNode; entryKey: string; taken: readonly string[] }) {
  const form = useForm();
  const id = domId(form.idPrefix, [...node.path, entryKey], 'key');
  const errorId = `${id}-error`;
  const draft = useDraftText(
    entryKey,
    (value) => String(value),
    (text) => {
      if (text === '') return { ok: false, message: 'must not be empty' };
      if (text !== entryKey && taken.includes(text)) return { ok: false, message: 'is already used' };
      if (node.spec.keyOptions && !node.spec.keyOptions.includes(text)) return { ok: false, message: `must be ${node.spec.keyOptions.map((option) => JSON.stringify(option)).join(' or ')}` };
      return { ok: true, value: text };
    },
    (next) => {
      form.change(renameKey(form.spec, form.root, node.path, entryKey, String(next)));
    },
  );
  return (
    <div className="cf-field cf-field--key">
      <label className="cf-visually-hidden" htmlFor={id}>
        Name of {entryKey}
        {contextText([node.spec.label, ...node.context])}
      </label>
      <input id={id} className="cf-input cf-input--mono" value={draft.text} spellCheck={false} autoComplete="off" aria-invalid={draft.error ? true : undefined} aria-describedby={draft.error ? errorId : undefined} onChange={(event) => draft.onText(event.target.value)} onBlur={draft.onBlur} />
      {draft.error && (
        <p className="cf-error" id={errorId}>
          {draft.error}
        </p>
      )}
    </div>
  );
}
