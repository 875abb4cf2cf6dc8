import { useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import type { z } from 'zod';
import { configSchemaOf, KIND_INFO, type NodeKind } from '../../../src/simulation/index.ts';
import { buildFormModel, describeSchema, unplacedErrors, validateConfig } from './form-model.ts';
import { FormContext, type FormContextValue } from './form-context.ts';
import { FieldView } from './groups.tsx';
import './config-form.css';

export interface ConfigFormProps {
  /** Which kind's schema the form is generated from. */
  readonly kind: NodeKind;
  /** The node's config as it is in the document; any value, even one the schema rejects. */
  readonly value: unknown;
  /** Called with the whole new config after each edit; the form never changes `value` itself. */
  readonly onChange: (next: unknown) => void;
  /** Starts every DOM id in the form, so two forms on a page never share one (e.g. the node id). */
  readonly idPrefix: string;
  /** Shows the values without letting them change (a shared, read-only topology). */
  readonly readOnly?: boolean;
}

/**
 * The settings of one node, generated from its kind's config schema and validated as it is
 * typed, with the importer's sentences.
 *
 * @example
 *   <ConfigForm kind="gunicorn" value={node.config} onChange={(config) => setConfig(node.id, config)} idPrefix={`config-${node.id}`} />
 */
export function ConfigForm({ kind, ...props }: ConfigFormProps) {
  const schema = schemaOf(kind);
  const title = KIND_INFO[kind]?.title ?? String(kind);
  if (!schema) return <p className="cf-note">{title} has no settings a form can show.</p>;
  return <SchemaForm schema={schema} label={`${title} settings`} {...props} />;
}

function schemaOf(kind: NodeKind): z.core.$ZodType | undefined {
  try {
    return configSchemaOf(kind);
  } catch {
    return undefined;
  }
}

export interface SchemaFormProps extends Omit<ConfigFormProps, 'kind'> {
  readonly schema: z.core.$ZodType;
  /** The form's accessible name. */
  readonly label: string;
}

/** The same form for any zod object schema (ConfigForm passes a kind's). */
export function SchemaForm({ schema, label, value, onChange, idPrefix, readOnly = false }: SchemaFormProps) {
  const spec = useMemo(() => describeSchema(schema), [schema]);
  const errors = useMemo(() => validateConfig(schema, value), [schema, value]);
  const form = useMemo(() => buildFormModel(spec, value), [spec, value]);
  const elsewhere = useMemo(() => unplacedErrors(errors, form), [errors, form]);

  // Adding, removing or moving a row re-renders the rows; focus follows the row that moved.
  const pendingFocus = useRef<readonly string[]>([]);
  useLayoutEffect(() => {
    const ids = pendingFocus.current;
    if (!ids.length) return;
    pendingFocus.current = [];
    for (const id of ids) {
      const element = document.getElementById(id);
      const target = element && !element.matches('input, select, textarea, button') ? (element.querySelector<HTMLElement>('input:not([readonly]), select, textarea') ?? element.querySelector<HTMLElement>('button')) : element;
      if (target && !(target as HTMLButtonElement).disabled) {
        target.focus();
        return;
      }
    }
  });
  const focusLater = useCallback((...ids: string[]) => {
    pendingFocus.current = ids;
  }, []);

  const context = useMemo<FormContextValue>(() => ({ spec, root: value, errors, idPrefix, change: onChange, focusLater }), [spec, value, errors, idPrefix, onChange, focusLater]);

  return (
    <FormContext.Provider value={context}>
      <form className="config-form" aria-label={label} noValidate onSubmit={(event) => event.preventDefault()}>
        {elsewhere.length > 0 && (
          <div className="cf-summary" id={`${idPrefix}--problems`}>
            <p className="cf-summary__title">{elsewhere.length === 1 ? 'One problem' : `${elsewhere.length} problems`} not shown by a field:</p>
            <ul>
              {elsewhere.map((error, index) => (
                <li key={index}>
                  {error.path ? <code>{error.path}</code> : 'The settings'} {error.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        <fieldset className="cf-all" role="none" disabled={readOnly}>
          <FieldView node={form} />
        </fieldset>
      </form>
    </FormContext.Provider>
  );
}
