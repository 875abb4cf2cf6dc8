import type { PageView } from '../../src/simulation/index.ts';

type ErrorView = Extract<PageView, { kind: 'error' }>;

/** Chromium's network error page: the dinosaur-free version, with the same words and code. */
export function ErrorPage({ page }: { page: ErrorView }) {
  return (
    <div className="error-page" role="alert">
      <svg className="error-page__icon" viewBox="0 0 24 24" width="40" height="40" aria-hidden="true">
        <path d="M4 5h16v11H4zM9 20h6M12 16v4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
        <path d="M9.5 8.5l5 5M14.5 8.5l-5 5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
      <h3>{headingFor(page.code)}</h3>
      <p>{page.explanation}</p>
      <p className="error-page__code">{page.code}</p>
    </div>
  );
}

/** The heading Chromium puts above each family of network errors. */
function headingFor(code: string): string {
  if (code.startsWith('NET::ERR_CERT')) return 'Your connection is not private';
  if (code === 'ERR_TOO_MANY_REDIRECTS') return 'This page isn’t working';
  if (code === 'ERR_EMPTY_RESPONSE') return 'This page isn’t working';
  return 'This site can’t be reached';
}
