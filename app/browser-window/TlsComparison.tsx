import { useMemo } from 'react';
import { compareTlsVersions, type HandshakeLadder, type TopologyDocument } from '../../src/simulation/index.ts';
import { Dialog } from '../editor/Dialog.tsx';

/** Whether the comparison has something to show: a browser visiting https:// and an nginx with ssl. */
export function canCompareTls(document: TopologyDocument): boolean {
  const visitsHttps = document.nodes.some((node) => node.kind === 'browser' && ((node.config['visits'] as { url: string }[] | undefined) ?? []).some((visit) => visit.url.startsWith('https://')));
  const speaksTls = document.nodes.some((node) => node.kind === 'nginx' && ((node.config['servers'] as { ssl?: boolean }[] | undefined) ?? []).some((server) => server.ssl === true));
  return visitsHttps && speaksTls;
}

/**
 * The same page loaded with TLS 1.2 and with TLS 1.3, side by side: a bar each on one time
 * scale (TCP, the TLS handshake, then the request until the page arrives), the round trips
 * counted, and every message between the browser and the server as a ladder.
 */
export function TlsComparisonDialog({ document, open, onClose }: { document: TopologyDocument; open: boolean; onClose: () => void }) {
  return (
    <Dialog title="TLS 1.2 and TLS 1.3, side by side" open={open} onClose={onClose} wide>
      <ComparisonBody document={document} />
    </Dialog>
  );
}

function ComparisonBody({ document }: { document: TopologyDocument }) {
  const result = useMemo(() => compareTlsVersions(document), [document]);
  if (!result.ok) return <p role="alert">{result.reason}</p>;
  const { url, ladders } = result.comparison;
  const [tls12, tls13] = ladders;
  const longest = Math.max(tls12.responseAfterMs, tls13.responseAfterMs);
  const saved = tls12.tlsRoundTrips - tls13.tlsRoundTrips;
  return (
    <div className="tls-compare">
      <p className="tls-compare__intro">
        The same page, <code>{url}</code>, loaded twice: once with nginx accepting only TLS 1.2, once with TLS 1.3. Times are from the browser’s SYN.
      </p>
      <div className="tls-compare__bars" role="list" aria-label="Time until the page arrives">
        {ladders.map((ladder) => (
          <TimeBar key={ladder.version} ladder={ladder} longest={longest} />
        ))}
      </div>
      <p className="tls-compare__legend" aria-hidden="true">
        <span className="tls-compare__key tls-compare__segment--tcp" /> TCP handshake
        <span className="tls-compare__key tls-compare__segment--tls" /> TLS handshake
        <span className="tls-compare__key tls-compare__segment--http" /> request until the page arrives
      </p>
      <p className="tls-compare__verdict">
        TLS 1.3 needs {saved} round trip{saved === 1 ? '' : 's'} fewer before the request: the page arrives {tls12.responseAfterMs - tls13.responseAfterMs} ms sooner here, and the gap grows with the distance to the server.
      </p>
      <div className="tls-compare__ladders">
        {ladders.map((ladder) => (
          <Ladder key={ladder.version} ladder={ladder} />
        ))}
      </div>
    </div>
  );
}

function TimeBar({ ladder, longest }: { ladder: HandshakeLadder; longest: number }) {
  const tcpEnd = ladder.steps.find((step) => step.roundTrip === 2)?.t ?? 0;
  const start = ladder.steps[0]?.t ?? 0;
  const share = (ms: number) => `${(ms / longest) * 100}%`;
  return (
    <div className="tls-compare__bar-row" role="listitem">
      <span className="tls-compare__bar-label">
        <strong>{ladder.version}</strong>
        <span>
          {ladder.tlsRoundTrips} TLS round trip{ladder.tlsRoundTrips === 1 ? '' : 's'} + {ladder.tcpRoundTrips} for TCP
        </span>
      </span>
      <span className="tls-compare__bar" aria-label={`${ladder.version}: request sent after ${ladder.requestAfterMs} ms, page after ${ladder.responseAfterMs} ms`}>
        <span className="tls-compare__segment tls-compare__segment--tcp" style={{ width: share(tcpEnd - start) }} title="TCP handshake" />
        <span className="tls-compare__segment tls-compare__segment--tls" style={{ width: share(ladder.requestAfterMs - (tcpEnd - start)) }} title="TLS handshake" />
        <span className="tls-compare__segment tls-compare__segment--http" style={{ width: share(ladder.responseAfterMs - ladder.requestAfterMs) }} title="Request and response" />
      </span>
      <span className="tls-compare__bar-figure">{ladder.responseAfterMs} ms</span>
    </div>
  );
}

const GROUP_NAMES = (roundTrip: number | null, tcpRoundTrips: number) =>
  roundTrip === null ? 'Request and response' : roundTrip <= tcpRoundTrips ? `Round trip ${roundTrip}: TCP` : `Round trip ${roundTrip}: TLS handshake`;

function Ladder({ ladder }: { ladder: HandshakeLadder }) {
  const groups: { name: string; steps: HandshakeLadder['steps'][number][] }[] = [];
  for (const step of ladder.steps) {
    const name = GROUP_NAMES(step.roundTrip, ladder.tcpRoundTrips);
    if (groups.at(-1)?.name !== name) groups.push({ name, steps: [] });
    groups.at(-1)!.steps.push(step);
  }
  return (
    <section className="tls-compare__ladder" aria-label={`${ladder.version} messages`}>
      <h3>
        {ladder.version}
        <span>
          Browser <span aria-hidden="true">⇄</span> server
        </span>
      </h3>
      {groups.map((group) => (
        <div key={group.name} className={`tls-compare__group${group.name.startsWith('Request') ? ' tls-compare__group--http' : ''}`}>
          <p className="tls-compare__group-name">{group.name}</p>
          <ol>
            {group.steps.map((step, index) => (
              <li key={index} className={`tls-compare__step tls-compare__step--${step.direction}`}>
                <span className="tls-compare__time">{step.t} ms</span>
                <span className="tls-compare__arrow" aria-hidden="true">
                  {step.direction === 'to-server' ? '→' : '←'}
                </span>
                <span className="visually-hidden">{step.direction === 'to-server' ? 'Browser to server: ' : 'Server to browser: '}</span>
                <span className="tls-compare__summary">{step.summary}</span>
              </li>
            ))}
          </ol>
        </div>
      ))}
    </section>
  );
}
