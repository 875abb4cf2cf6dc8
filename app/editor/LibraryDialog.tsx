import { useEffect, useState } from 'react';
import { useStackscope } from '../store/store.ts';
import { Dialog } from './Dialog.tsx';

interface ExampleEntry {
  readonly name: string;
  readonly title: string;
  readonly description: string;
}

/** The person's saved topologies (open, rename, duplicate, delete) and the examples. */
export function LibraryDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const library = useStackscope((state) => state.library);
  const workspace = useStackscope((state) => state.workspace);
  const actions = useStackscope.getState();
  const [examples, setExamples] = useState<readonly ExampleEntry[]>([]);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [draft, setDraft] = useState('');

  useEffect(() => {
    if (!open) return;
    fetch(`${import.meta.env.BASE_URL}topologies/index.json`)
      .then((response) => (response.ok ? response.json() : []))
      .then((list: unknown) => setExamples(Array.isArray(list) ? (list as ExampleEntry[]) : []))
      .catch(() => setExamples([]));
  }, [open]);

  const currentId = workspace?.origin.kind === 'saved' ? workspace.origin.id : null;
  return (
    <Dialog title="Topologies" open={open} onClose={onClose} wide>
      <section aria-labelledby="library-saved">
        <div className="dialog__section-header">
          <h3 id="library-saved">Your topologies</h3>
          <button
            type="button"
            className="small-button"
            onClick={() => {
              actions.newTopology();
              onClose();
            }}
          >
            New topology
          </button>
        </div>
        {library.length === 0 ? (
          <p className="muted">Nothing saved yet. Open an example and change it, or start a new topology: every change is saved in this browser.</p>
        ) : (
          <ul className="library-list">
            {library.map((entry) => (
              <li key={entry.id} className={entry.id === currentId ? 'is-current' : undefined}>
                {renaming === entry.id ? (
                  <form
                    className="library-rename"
                    onSubmit={(event) => {
                      event.preventDefault();
                      actions.renameTopology(entry.id, draft);
                      setRenaming(null);
                    }}
                  >
                    <label className="visually-hidden" htmlFor={`rename-${entry.id}`}>
                      New name for {entry.name}
                    </label>
                    <input id={`rename-${entry.id}`} value={draft} maxLength={120} autoFocus onChange={(event) => setDraft(event.target.value)} />
                    <button type="submit" className="small-button">
                      Save name
                    </button>
                    <button type="button" className="small-button" onClick={() => setRenaming(null)}>
                      Cancel
                    </button>
                  </form>
                ) : (
                  <>
                    <button
                      type="button"
                      className="library-list__open"
                      onClick={() => {
                        actions.openSaved(entry.id);
                        onClose();
                      }}
                    >
                      <strong>{entry.name}</strong>
                      <span className="muted">{entry.id === currentId ? 'open now' : `changed ${new Date(entry.updatedAt).toLocaleString()}`}</span>
                    </button>
                    <span className="library-list__actions">
                      <button
                        type="button"
                        className="small-button"
                        aria-label={`Rename ${entry.name}`}
                        onClick={() => {
                          setDraft(entry.name);
                          setRenaming(entry.id);
                        }}
                      >
                        Rename
                      </button>
                      <button type="button" className="small-button" aria-label={`Duplicate ${entry.name}`} onClick={() => actions.duplicateTopology(entry.id)}>
                        Duplicate
                      </button>
                      <button type="button" className="small-button small-button--danger" aria-label={`Delete ${entry.name}`} onClick={() => actions.deleteTopology(entry.id)}>
                        Delete
                      </button>
                    </span>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="library-examples">
        <h3 id="library-examples">Examples</h3>
        <p className="muted">An example opens as it is; your first change makes it a copy of your own.</p>
        <ul className="library-list">
          {examples.map((example) => (
            <li key={example.name}>
              <button
                type="button"
                className="library-list__open"
                onClick={() => {
                  void actions.loadExample(example.name);
                  onClose();
                }}
              >
                <strong>{example.title}</strong>
                <span className="muted">{example.description}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </Dialog>
  );
}
