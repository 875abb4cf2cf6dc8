import type { PageView } from '../../src/simulation/index.ts';

type LoadedView = Extract<PageView, { kind: 'loaded' }>;
type RequestView = LoadedView['requests'][number];

/** The page load's requests, as DevTools' Network panel lists them. */
export function NetworkList({ requests }: { requests: LoadedView['requests'] }) {
  return (
    <table className="browser-table" aria-label="Network">
      <caption>Network · {requests.length} request{requests.length === 1 ? '' : 's'}</caption>
      <thead>
        <tr>
          <th scope="col">Request</th>
          <th scope="col">Status</th>
          <th scope="col">Type</th>
          <th scope="col" title="The browser's local port of the TCP connection, and which request on it this was">
            Connection
          </th>
        </tr>
      </thead>
      <tbody>
        {requests.map((request, index) => (
          <tr key={index} className={request.source === 'failed' || (request.status ?? 0) >= 400 ? 'browser-table__row--bad' : undefined}>
            <td className="browser-table__request" title={request.url}>
              {request.method} {pathOf(request.url)}
            </td>
            <td>{statusText(request)}</td>
            <td>{request.destination === 'favicon' ? 'image (favicon)' : request.destination}</td>
            <td>{connectionText(request)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function pathOf(url: string): string {
  const match = /^[a-z]+:\/\/[^/]+(\/.*)?$/.exec(url);
  return match?.[1] ?? url;
}

/** DevTools' Status column: the code, "(memory cache)", 304, "(pending)" or the error. */
function statusText(request: RequestView): string {
  switch (request.source) {
    case 'pending':
      return '(pending)';
    case 'failed':
      return request.error ?? '(failed)';
    case 'cache':
      return `${request.status ?? 200} (from cache)`;
    case 'revalidated':
      return '304 Not Modified';
    case 'network':
      return `${request.status} ${request.reason}`;
  }
}

function connectionText(request: RequestView): string {
  if (request.localPort === null) return '—';
  const nth = request.requestOnConnection;
  return nth === null ? `:${request.localPort}` : `:${request.localPort} · #${nth}`;
}
