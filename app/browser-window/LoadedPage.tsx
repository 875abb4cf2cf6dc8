import { useMemo } from 'react';
import type { PageView } from '../../src/simulation/index.ts';
import { pageTitle, renderHtml } from './rendered-html.tsx';

type LoadedView = Extract<PageView, { kind: 'loaded' }>;

/** The page as the browser renders it: HTML drawn, anything else shown as plain text. */
export function LoadedPage({ page, contentType }: { page: LoadedView; contentType: string }) {
  const isHtml = contentType.startsWith('text/html');
  const drawn = useMemo(() => (isHtml ? { title: pageTitle(page.body), content: renderHtml(page.body) } : undefined), [isHtml, page.body]);
  return (
    <div className="loaded-page">
      {page.status >= 400 && (
        <p className="loaded-page__status">
          HTTP {page.status} {page.reason}
        </p>
      )}
      {drawn ? (
        <>
          {drawn.title && <p className="loaded-page__title">{drawn.title}</p>}
          <div className="loaded-page__html">{drawn.content}</div>
        </>
      ) : (
        <pre className="loaded-page__text">{page.body}</pre>
      )}
    </div>
  );
}
