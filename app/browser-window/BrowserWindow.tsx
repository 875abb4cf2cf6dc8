import { useMemo, useState } from 'react';
import { browserPage, type PageView } from '../../src/simulation/index.ts';
import { useNodeLabels, useStackscope } from '../store/store.ts';
import { ErrorPage } from './ErrorPage.tsx';
import { LoadedPage } from './LoadedPage.tsx';
import { NetworkList } from './NetworkList.tsx';
import { SocketPanel } from './SocketPanel.tsx';
import { canCompareTls, TlsComparisonDialog } from './TlsComparison.tsx';
import { CookieList } from './CookieList.tsx';

/**
 * What the person sitting at a browser node sees at the current moment of the run: the
 * address bar and the page, or Chromium's error page. A topology with several browsers
 * gets a picker.
 */
export function BrowserWindow() {
  const playback = useStackscope((state) => state.playback);
  const document = useStackscope((state) => state.workspace?.document);
  const labels = useNodeLabels();
  const browsers = useMemo(() => (document?.nodes ?? []).filter((node) => node.kind === 'browser'), [document]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [comparing, setComparing] = useState(false);
  const browserId = browsers.some((node) => node.id === chosen) ? chosen! : browsers[0]?.id;
  const page = useMemo(() => (playback && browserId ? browserPage(playback, browserId) : undefined), [playback, browserId]);

  return (
    <section className="panel browser-window" aria-label="Browser window">
      <header className="panel__header">
        <h2>Browser window</h2>
        {browsers.length > 1 && (
          <label className="browser-window__picker">
            <span className="visually-hidden">Browser</span>
            <select value={browserId} onChange={(event) => setChosen(event.target.value)}>
              {browsers.map((node) => (
                <option key={node.id} value={node.id}>
                  {labels.get(node.id) ?? node.id}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      {!browserId ? (
        <p className="inspector__empty">Add a Browser to the stack to see the page it loads.</p>
      ) : (
        <Window page={page ?? { kind: 'blank' }} />
      )}
      {document && canCompareTls(document) && (
        <div className="browser-window__compare">
          <button type="button" className="small-button" onClick={() => setComparing(true)}>
            Compare TLS 1.2 and 1.3
          </button>
          <TlsComparisonDialog document={document} open={comparing} onClose={() => setComparing(false)} />
        </div>
      )}
    </section>
  );
}

function Window({ page }: { page: PageView }) {
  // A socket's tab shows the page whose script opened it.
  const url = page.kind === 'blank' ? '' : page.kind === 'websocket' ? page.documentUrl : page.url;
  return (
    <>
      <div className="chrome">
        <div className="chrome__tabstrip">
          <span className="chrome__dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          <span className="chrome__tab">
            <span className="visually-hidden">Tab: </span>
            {tabTitle(page)}
          </span>
        </div>
        <div className="chrome__bar">
          <output className="chrome__address" aria-label="Address bar">
            {url || 'New Tab'}
          </output>
        </div>
        {/* Screen readers hear one short line as the page changes, not the whole page again. */}
        <p className="visually-hidden" role="status">
          {announcement(page)}
        </p>
        <div className="chrome__content">
          {page.kind === 'blank' && <p className="chrome__blank">New Tab: press Play or Step forward to make the browser open its first page.</p>}
          {page.kind === 'loading' && (
            <p className="chrome__loading">
              <span className="chrome__spinner" aria-hidden="true" />
              {page.step}…
            </p>
          )}
          {page.kind === 'loaded' && <LoadedPage page={page} />}
          {page.kind === 'error' && <ErrorPage page={page} />}
          {page.kind === 'websocket' && <SocketPanel page={page} />}
        </div>
      </div>
      {page.kind === 'loaded' && (
        <div className="browser-window__devtools">
          <NetworkList requests={page.requests} />
          <CookieList cookies={page.cookies} />
        </div>
      )}
    </>
  );
}

/** The one line a screen reader announces when the page changes. */
function announcement(page: PageView): string {
  switch (page.kind) {
    case 'blank':
      return '';
    case 'loading':
      return `${page.step}…`;
    case 'loaded':
      return `Loaded ${page.title || page.url}: ${page.status} ${page.reason}`;
    case 'error':
      return `Error page: ${page.code}`;
    case 'websocket':
      return `WebSocket ${page.state}`;
  }
}

/** What Chromium writes on the tab: the page's title, else its address (host and path). */
function tabTitle(page: PageView): string {
  switch (page.kind) {
    case 'blank':
      return 'New Tab';
    case 'loading':
      return page.url.replace(/^[a-z]+:\/\//, '');
    case 'loaded':
      return page.title || page.url.replace(/^[a-z]+:\/\//, '');
    case 'error':
    case 'websocket':
      return page.url.replace(/^[a-z]+:\/\/([^/]+).*$/, '$1');
  }
}
