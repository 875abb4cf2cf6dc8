import type { PageView } from '../../src/simulation/index.ts';

type LoadedView = Extract<PageView, { kind: 'loaded' }>;

/** The browser's cookie jar, as DevTools' Application › Cookies shows it (expiry is wall-clock time). */
export function CookieList({ cookies }: { cookies: LoadedView['cookies'] }) {
  if (cookies.length === 0) return <p className="browser-window__none">No cookies stored.</p>;
  return (
    <section className="cookie-list" aria-label="Cookies">
      <h3 className="browser-window__heading">Cookies · {cookies.length}</h3>
      <ul>
        {cookies.map((cookie) => (
          <li key={`${cookie.domain} ${cookie.path} ${cookie.name}`}>
            <code className="cookie-list__pair" title={cookie.value}>
              {cookie.name}={cookie.value}
            </code>
            <span className="cookie-list__attributes">{attributesOf(cookie)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

type Cookie = LoadedView['cookies'][number];

/** Where the cookie goes back and how long it lives, as Set-Cookie's attributes say it. */
function attributesOf(cookie: Cookie): string {
  return [
    cookie.hostOnly ? cookie.domain : `Domain=${cookie.domain}`,
    `Path=${cookie.path}`,
    cookie.expiry === null ? 'until the browser closes' : `expires ${new Date(cookie.expiry).toUTCString()}`,
    cookie.httpOnly && 'HttpOnly',
    cookie.secure && 'Secure',
    cookie.sameSite && `SameSite=${cookie.sameSite}`,
  ]
    .filter(Boolean)
    .join(' · ');
}
