import { useMemo } from 'react';
import type { PageView } from '../../src/simulation/index.ts';
import { renderHtml } from './rendered-html.tsx';

type LoadedView = Extract<PageView, { kind: 'loaded' }>;

const SOURCE_NOTES: Readonly<Record<LoadedView['source'], string | undefined>> = {
  network: undefined,
  cache: 'Shown from the browser’s HTTP cache: nothing was asked of the server.',
  revalidated: 'Shown from the browser’s HTTP cache: the server answered 304 Not Modified.',
};

/** The page as the browser renders it: HTML drawn, anything else (JSON, text) shown as text. */
export function LoadedPage({ page }: { page: LoadedView }) {
  const isHtml = page.contentType.toLowerCase().startsWith('text/html');
  const drawn = useMemo(() => (isHtml ? renderHtml(page.body) : undefined), [isHtml, page.body]);
  const note = SOURCE_NOTES[page.source];
  return (
    <div className="loaded-page">
      {page.status >= 400 && (
        <p className="loaded-page__status">
          HTTP {page.status} {page.reason}
        </p>
      )}
      {page.via === 'fetch' && <p className="loaded-page__note">The page’s script called fetch(): this is the response it got.</p>}
      {note && <p className="loaded-page__note">{note}</p>}
      {drawn ? <div className="loaded-page__html">{drawn}</div> : <pre className="loaded-page__text">{page.body}</pre>}
    </div>
  );
}
