import { useState } from 'react';
import { configSchemaOf, describeProblem, nginxConfFromText, nginxConfToText, type ConfProblem, type NginxConfig } from '../../src/simulation/index.ts';

interface NginxConfEditorProps {
  readonly idPrefix: string;
  /** The node's config as stored (the form's input). */
  readonly value: unknown;
  readonly readOnly: boolean;
  readonly onApply: (config: Record<string, unknown>) => void;
}

/** What the last "Apply" found: nothing yet, the problems that stopped it, or the notes of one that worked. */
type Outcome = { readonly kind: 'none' } | { readonly kind: 'refused'; readonly problems: readonly ConfProblem[] } | { readonly kind: 'applied'; readonly notes: readonly ConfProblem[] };

/**
 * The nginx node's settings as nginx.conf text. Untouched, the text follows the form; once a
 * person types, their text is kept as written until they apply it (it then replaces the
 * form's settings) or revert it. A text that does not parse changes nothing and lists each
 * problem with its line and column, so no work is lost.
 */
export function NginxConfEditor({ idPrefix, value, readOnly, onApply }: NginxConfEditorProps) {
  const parsed = configSchemaOf('nginx').safeParse(value);
  const current = parsed.success ? (parsed.data as NginxConfig) : undefined;
  const printed = current ? nginxConfToText(current) : '';
  const [draft, setDraft] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const textId = `${idPrefix}-nginx-conf`;
  const problemsId = `${textId}-problems`;

  if (!current && draft === null) {
    return <p className="conf-editor__message">The form has errors: fix them there to see these settings as nginx.conf.</p>;
  }

  const apply = () => {
    const result = nginxConfFromText(draft ?? printed, current);
    if (result.errors.length > 0 || !result.config) {
      setOutcome({ kind: 'refused', problems: result.errors });
      return;
    }
    onApply(result.config as Record<string, unknown>);
    setDraft(null);
    setOutcome({ kind: 'applied', notes: result.notes });
  };

  return (
    <div className="conf-editor">
      <label htmlFor={textId}>nginx.conf</label>
      <textarea
        id={textId}
        className="conf-editor__text"
        spellCheck={false}
        rows={Math.min(28, Math.max(10, (draft ?? printed).split('\n').length + 1))}
        value={draft ?? printed}
        readOnly={readOnly}
        aria-invalid={outcome.kind === 'refused'}
        aria-describedby={outcome.kind === 'none' ? undefined : problemsId}
        onChange={(event) => {
          setDraft(event.target.value);
          if (outcome.kind === 'applied') setOutcome({ kind: 'none' });
        }}
      />
      <div className="conf-editor__actions">
        <button type="button" className="small-button small-button--primary" disabled={readOnly || draft === null} onClick={apply}>
          Apply nginx.conf
        </button>
        <button
          type="button"
          className="small-button"
          disabled={draft === null}
          onClick={() => {
            setDraft(null);
            setOutcome({ kind: 'none' });
          }}
        >
          Revert to the current settings
        </button>
      </div>
      {outcome.kind === 'refused' && (
        <div id={problemsId} className="conf-editor__problems" role="alert">
          <p>Not applied: nginx would refuse this file. Your text is kept.</p>
          <ul>
            {outcome.problems.map((problem) => (
              <li key={`${problem.line}:${problem.column}:${problem.message}`}>{describeProblem(problem)}</li>
            ))}
          </ul>
        </div>
      )}
      {outcome.kind === 'applied' && (
        <div id={problemsId} className="conf-editor__notes" role="status">
          <p>Applied: the node now runs this configuration.</p>
          {outcome.notes.length > 0 && (
            <ul>
              {outcome.notes.map((note) => (
                <li key={`${note.line}:${note.column}:${note.message}`}>{describeProblem(note)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
