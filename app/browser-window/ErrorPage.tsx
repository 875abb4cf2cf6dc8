import { errorHeading, type PageView } from '../../src/simulation/index.ts';

type ErrorView = Extract<PageView, { kind: 'error' }>;

/** Chromium's network error page: the dinosaur-free version, with the same words and code. */
export function ErrorPage({ page }: { page: ErrorView }) {
  return (
    <div className="error-page" role="alert">
      <svg className="error-page__icon" viewBox="0 0 24 24" width="40" height="40" aria-hidden="true">
        <path d="M4 5h16v11H4zM9 20h6M12 16v4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
        <path d="M9.5 8.5l5 5M14.5 8.5l-5 5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
      <h3>{errorHeading(page.code)}</h3>
      <p>{page.explanation}</p>
      <p className="error-page__code">{page.code}</p>
    </div>
  );
}
