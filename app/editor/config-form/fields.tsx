import type { ReactNode } from 'react';
import { initialValue, jsonText, parseJsonText, parseNumberText, setAt, UNSET, valueText } from './form-edit.ts';
import { describeConstraints, errorsAt, type FieldSpec, type LeafNode, type LeafSpec } from './form-model.ts';
import { contextText, domId, rowName, useDraftText, useForm } from './form-context.ts';

/** The ids and texts around one control: its help line and its errors, linked by aria-describedby. */
export interface FieldChrome {
  readonly id: string;
  readonly helpId: string | undefined;
  readonly errorId: string | undefined;
  readonly help: ReactNode;
  readonly errors: readonly string[];
  readonly describedBy: string | undefined;
  readonly invalid: boolean;
}

/** Help and errors for a field; `localError` is a draft's own problem, which hides the stored value's. */
export function useChrome(spec: FieldSpec, path: readonly (string | number)[], pathText: string, options: { localError?: string | undefined; showHelp?: boolean; extraErrors?: readonly string[] } = {}): FieldChrome {
  const form = useForm();
  const id = domId(form.idPrefix, path);
  const hint = options.showHelp === false ? '' : describeConstraints(spec);
  const description = options.showHelp === false ? undefined : spec.description;
  const errors = options.localError ? [options.localError] : [...errorsAt(form.errors, pathText), ...(options.extraErrors ?? [])];
  const helpId = description || hint ? domId(form.idPrefix, path, 'help') : undefined;
  const errorId = errors.length ? domId(form.idPrefix, path, 'error') : undefined;
  const help = helpId ? (
    <>
      {description}
      {description && hint ? ' ' : null}
      {hint ? <span className="cf-hint">{hint}</span> : null}
    </>
  ) : null;
  return { id, helpId, errorId, help, errors, describedBy: [helpId, errorId].filter(Boolean).join(' ') || undefined, invalid: errors.length > 0 };
}

export function Help({ chrome }: { chrome: FieldChrome }) {
  return chrome.helpId ? (
    <p className="cf-help" id={chrome.helpId}>
      {chrome.help}
    </p>
  ) : null;
}

export function Errors({ chrome }: { chrome: FieldChrome }) {
  return chrome.errorId ? (
    <p className="cf-error" id={chrome.errorId}>
      {chrome.errors.join('; ')}
    </p>
  ) : null;
}

/** The visible name plus, for screen readers, which row it sits in. */
export function LabelText({ label, context }: { label: string; context: readonly string[] }) {
  return (
    <>
      {label}
      {context.length > 0 && <span className="cf-visually-hidden">{contextText(context)}</span>}
    </>
  );
}

interface LeafProps {
  readonly node: LeafNode;
  /** The field is a list item: its name is its row's (`column 2`), shown to screen readers only. */
  readonly inRow?: boolean;
}

/** One control for one value: a text box, a number box, a checkbox, a select, or JSON text. */
export function LeafField({ node, inRow = false }: LeafProps) {
  switch (node.spec.type) {
    case 'number':
      return <NumberField node={node} inRow={inRow} />;
    case 'json':
      return <JsonField node={node} inRow={inRow} />;
    case 'boolean':
      return <BooleanField node={node} inRow={inRow} />;
    default:
      return <TextLikeField node={node} inRow={inRow} />;
  }
}

function useSetter(node: LeafNode) {
  const form = useForm();
  return (value: unknown) => form.change(setAt(form.spec, form.root, node.path, value));
}

/** The label, the control, the null switch, help and errors, laid out the same for every leaf. */
function Shell({ node, inRow, chrome, children, labelFor = true }: { node: LeafNode; inRow: boolean; chrome: FieldChrome; children: ReactNode; labelFor?: boolean }) {
  const name = inRow ? rowName(node.context) : node.spec.label;
  const context = inRow ? [] : node.context;
  const label = labelFor ? (
    <label className={inRow ? 'cf-visually-hidden' : 'cf-label'} htmlFor={chrome.id}>
      <LabelText label={name} context={context} />
    </label>
  ) : null;
  return (
    <div className={inRow ? 'cf-field cf-field--row' : 'cf-field'}>
      {(label || node.spec.nullable) && (
        <div className="cf-field__head">
          {label}
          {node.spec.nullable && <NullToggle node={node} name={`${name}${contextText(context)}`} />}
        </div>
      )}
      {children}
      {!inRow && <Help chrome={chrome} />}
      <Errors chrome={chrome} />
    </div>
  );
}

/** For a nullable field: a checkbox that sets it to null, and back to something to edit. */
function NullToggle({ node, name }: { node: LeafNode; name: string }) {
  const form = useForm();
  const set = useSetter(node);
  const isNull = node.value === null;
  return (
    <label className="cf-null">
      <input
        type="checkbox"
        id={domId(form.idPrefix, node.path, 'null')}
        checked={isNull}
        aria-label={`${name} is null`}
        onChange={(event) => set(event.target.checked ? null : nonNullStart(node.spec))}
      />
      null
    </label>
  );
}

function nonNullStart(spec: LeafSpec): unknown {
  const start = initialValue(spec.hasDefault && spec.defaultValue === null ? { ...spec, hasDefault: false } : spec);
  return start === null ? UNSET : start;
}

/** What a default looks like as a placeholder: short values only. */
function placeholderOf(spec: FieldSpec): string | undefined {
  if (!spec.hasDefault || spec.defaultValue === null || typeof spec.defaultValue === 'object') return undefined;
  return valueText(spec.defaultValue);
}

function TextLikeField({ node, inRow }: Required<LeafProps>) {
  const spec = node.spec;
  const set = useSetter(node);
  const chrome = useChrome(spec, node.path, node.pathText, { showHelp: !inRow });
  const common = {
    id: chrome.id,
    'aria-describedby': chrome.describedBy,
    'aria-invalid': chrome.invalid || undefined,
    disabled: node.value === null && spec.nullable,
  };

  if (spec.type === 'enum') {
    const index = spec.options.findIndex((option) => Object.is(option, node.value));
    const unknownValue = node.value !== undefined && node.value !== null && index < 0;
    const selected = index >= 0 ? String(index) : unknownValue ? 'current' : '';
    const defaultIndex = spec.options.findIndex((option) => Object.is(option, spec.defaultValue));
    return (
      <Shell node={node} inRow={inRow} chrome={chrome}>
        <select
          {...common}
          className="cf-input cf-select"
          value={selected}
          onChange={(event) => {
            const choice = event.target.value;
            if (choice === '') set(UNSET);
            else if (choice !== 'current') set(spec.options[Number(choice)]);
          }}
        >
          {(!spec.required || node.value === undefined) && (
            <option value="" disabled={spec.required && !spec.hasDefault}>
              {spec.hasDefault ? `default (${defaultIndex >= 0 ? valueText(spec.options[defaultIndex]) : valueText(spec.defaultValue)})` : spec.required ? 'Choose…' : 'not set'}
            </option>
          )}
          {unknownValue && <option value="current">{valueText(node.value)} (not allowed)</option>}
          {spec.options.map((option, at) => (
            <option key={at} value={String(at)}>
              {option === null ? 'null' : valueText(option)}
            </option>
          ))}
        </select>
      </Shell>
    );
  }

  if (spec.type === 'literal') {
    return (
      <Shell node={node} inRow={inRow} chrome={chrome}>
        <input {...common} className="cf-input cf-input--mono" readOnly value={valueText(node.value ?? spec.value)} />
      </Shell>
    );
  }

  // A string, or (should the spec say otherwise) anything else typed as text.
  const mono = spec.type === 'string' && (spec.patterns.length > 0 || spec.format !== undefined);
  const multiline = spec.type === 'string' && spec.multiline;
  const onText = (text: string) => set(text === '' && !spec.required ? UNSET : text);
  const props = {
    ...common,
    className: `cf-input${mono ? ' cf-input--mono' : ''}`,
    value: valueText(node.value),
    placeholder: placeholderOf(spec),
    spellCheck: false,
    autoComplete: 'off',
  };
  return (
    <Shell node={node} inRow={inRow} chrome={chrome}>
      {multiline ? <textarea {...props} rows={2} onChange={(event) => onText(event.target.value)} /> : <input {...props} type="text" onChange={(event) => onText(event.target.value)} />}
    </Shell>
  );
}

function NumberField({ node, inRow }: Required<LeafProps>) {
  const spec = node.spec;
  const set = useSetter(node);
  const draft = useDraftText(node.value, valueText, (text) => parseNumberText(text, spec), set);
  const chrome = useChrome(spec, node.path, node.pathText, { localError: draft.error, showHelp: !inRow });
  return (
    <Shell node={node} inRow={inRow} chrome={chrome}>
      <input
        id={chrome.id}
        className="cf-input cf-input--mono cf-input--number"
        type="text"
        inputMode={spec.type === 'number' && spec.integer ? 'numeric' : 'decimal'}
        autoComplete="off"
        spellCheck={false}
        value={draft.text}
        placeholder={placeholderOf(spec)}
        disabled={node.value === null && spec.nullable}
        aria-describedby={chrome.describedBy}
        aria-invalid={chrome.invalid || undefined}
        onChange={(event) => draft.onText(event.target.value)}
        onBlur={draft.onBlur}
      />
    </Shell>
  );
}

function JsonField({ node, inRow }: Required<LeafProps>) {
  const spec = node.spec;
  const set = useSetter(node);
  const draft = useDraftText(node.value, jsonText, (text) => parseJsonText(text, spec), set);
  const chrome = useChrome(spec, node.path, node.pathText, { localError: draft.error, showHelp: !inRow });
  return (
    <Shell node={node} inRow={inRow} chrome={chrome}>
      <textarea
        id={chrome.id}
        className="cf-input cf-input--mono"
        rows={3}
        spellCheck={false}
        value={draft.text}
        placeholder={spec.hasDefault ? jsonText(spec.defaultValue) : 'JSON'}
        aria-describedby={chrome.describedBy}
        aria-invalid={chrome.invalid || undefined}
        onChange={(event) => draft.onText(event.target.value)}
        onBlur={draft.onBlur}
      />
    </Shell>
  );
}

function BooleanField({ node, inRow }: Required<LeafProps>) {
  const spec = node.spec;
  const set = useSetter(node);
  const chrome = useChrome(spec, node.path, node.pathText, { showHelp: !inRow });
  const checked = typeof node.value === 'boolean' ? node.value : node.value === undefined && spec.defaultValue === true;
  const name = inRow ? rowName(node.context) : spec.label;
  return (
    <Shell node={node} inRow={inRow} chrome={chrome} labelFor={false}>
      <label className="cf-check">
        <input
          type="checkbox"
          id={chrome.id}
          checked={checked}
          disabled={node.value === null && spec.nullable}
          aria-describedby={chrome.describedBy}
          aria-invalid={chrome.invalid || undefined}
          onChange={(event) => set(event.target.checked)}
        />
        <span className={inRow ? 'cf-visually-hidden' : undefined}>
          <LabelText label={name} context={inRow ? [] : node.context} />
        </span>
      </label>
    </Shell>
  );
}
