import { createContext, useContext, useState } from 'react';
import { UNSET, type Parsed } from './form-edit.ts';
import type { ConfigErrors, FieldPath, FieldSpec } from './form-model.ts';

/** What every field of one form shares: the whole value, its errors, and how to change it. */
export interface FormContextValue {
  readonly spec: FieldSpec;
  readonly root: unknown;
  readonly errors: ConfigErrors;
  readonly idPrefix: string;
  /** Hands the whole new config to the form's owner. */
  readonly change: (next: unknown) => void;
  /** After the next render, focuses the first of these elements that exists and is enabled. */
  readonly focusLater: (...ids: string[]) => void;
}

export const FormContext = createContext<FormContextValue | null>(null);

export function useForm(): FormContextValue {
  const value = useContext(FormContext);
  if (!value) throw new Error('A config form field was rendered outside <ConfigForm>.');
  return value;
}

/** One path part as id-safe text: letters, digits and `_` kept, anything else escaped. */
function idPart(part: string | number): string {
  return typeof part === 'number' ? String(part) : part.replace(/[^A-Za-z0-9_]/g, (char) => `.${(char.codePointAt(0) ?? 0).toString(16)}.`);
}

/**
 * A stable, unique DOM id for a field: `nginx-servers-0-locations-0-proxy_pass`; `suffix` names a part of
 * it (`--error`, `--add`). Parts never contain `-`, so ids of different paths never meet.
 */
export function domId(prefix: string, path: FieldPath, suffix = ''): string {
  return [prefix, ...path.map(idPart)].join('-') + (suffix ? `--${suffix}` : '');
}

/** ` in server 1 of upstream 2` for a field inside rows: read by screen readers, so same-named fields differ. */
export function contextText(context: readonly string[]): string {
  return context.length ? ` in ${context.join(' of ')}` : '';
}

/** The name of a list item that has no key of its own: `column 2 in table 1`. */
export function rowName(context: readonly string[]): string {
  return `${context[0] ?? 'item'}${contextText(context.slice(1))}`;
}

/** ` to upstream 2`, ` from row 1 of table 1`: where a nested list's buttons act, so their names are unique. */
export function where(context: readonly string[], word: string): string {
  return context.length ? ` ${word} ${context.join(' of ')}` : '';
}

interface Draft {
  readonly text: string;
  /** The value the draft was typed against; when the value changes elsewhere (undo), the draft goes. */
  readonly base: unknown;
}

/**
 * Text the person types that may not be a value yet (`1e`, `{"a":`): kept as typed, its error
 * shown, and only a parsed value handed on. A change from outside replaces it.
 */
export function useDraftText(value: unknown, format: (value: unknown) => string, parse: (text: string) => Parsed, commit: (value: unknown) => void) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const live = draft !== null && Object.is(draft.base, value) ? draft : null;
  const parsed = live ? parse(live.text) : null;
  return {
    text: live ? live.text : format(value),
    error: parsed && !parsed.ok ? parsed.message : undefined,
    onText(text: string) {
      const result = parse(text);
      if (!result.ok) {
        setDraft({ text, base: value });
        return;
      }
      const stored = result.value === UNSET ? undefined : result.value;
      setDraft({ text, base: stored });
      if (!Object.is(stored, value)) commit(result.value);
    },
    /** A valid draft is shown in its tidy form once the person leaves the field (`1.` -> `1`). */
    onBlur() {
      if (live && parsed?.ok) setDraft(null);
    },
  };
}
