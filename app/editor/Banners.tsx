import { useStackscope } from '../store/store.ts';
import { download, exportFileName, exportText } from './file-actions.ts';

/**
 * Messages that concern the whole screen: a topology that could not be opened, storage that
 * refuses to save, a read-only share, a deletion that can be undone, a run that cannot start.
 */
export function Banners() {
  const opening = useStackscope((state) => state.opening);
  const storageProblem = useStackscope((state) => state.storageProblem);
  const recentlyDeleted = useStackscope((state) => state.recentlyDeleted);
  const workspace = useStackscope((state) => state.workspace);
  const runBlocked = useStackscope((state) => state.runBlocked);
  const actions = useStackscope.getState();
  return (
    <div className="banners">
      {opening.status === 'error' && (
        <div className="banner banner--error" role="alert">
          <div>
            <strong>{opening.title}</strong>
            <ul>
              {opening.errors.slice(0, 8).map((error, index) => (
                <li key={index}>
                  {error.path && <code>{error.path}</code>}
                  {error.path && ': '}
                  {error.message}
                </li>
              ))}
              {opening.errors.length > 8 && <li>and {opening.errors.length - 8} more problems</li>}
            </ul>
          </div>
          <span className="banner__actions">
            {!workspace && <a href="?topology=default">Open the default stack</a>}
            <button type="button" className="small-button" onClick={actions.dismissOpeningError}>
              Dismiss
            </button>
          </span>
        </div>
      )}
      {storageProblem && (
        <div className="banner banner--error" role="alert">
          <span>{storageProblem}</span>
          {workspace && (
            <button type="button" className="small-button" onClick={() => download(exportFileName(workspace.document.name), exportText(workspace.document))}>
              Export now
            </button>
          )}
        </div>
      )}
      {workspace?.origin.kind === 'share' && (
        <div className="banner banner--info" role="status">
          <span>You are looking at a shared topology. It is read-only; a copy of your own can be changed.</span>
          <button type="button" className="small-button small-button--primary" onClick={actions.makeCopy}>
            Make a copy
          </button>
        </div>
      )}
      {recentlyDeleted && (
        <div className="banner banner--info" role="status">
          <span>Deleted “{recentlyDeleted.entry.name}”.</span>
          <button type="button" className="small-button" onClick={actions.undoDelete}>
            Undo delete
          </button>
          <button type="button" className="small-button" onClick={actions.forgetDeleted}>
            Dismiss
          </button>
        </div>
      )}
      {runBlocked && workspace && (
        <div className="banner banner--warning" role="status">
          <span>{runBlocked} The problems are marked on the canvas and listed in Settings.</span>
          <button
            type="button"
            className="small-button"
            onClick={() => {
              actions.select([], []);
              actions.showTab('settings');
            }}
          >
            Show problems
          </button>
        </div>
      )}
    </div>
  );
}
