import { describe, expect, it } from 'vitest';
import { createPlayback, runToEnd, type TopologyDocument, type TraceEvent } from '../index.ts';
import { example } from '../test-support/documents.node.ts';

function withLink(document: TopologyDocument, id: string, change: Partial<TopologyDocument['links'][number]>): TopologyDocument {
  return { ...document, links: document.links.map((link) => (link.id === id ? { ...link, ...change } : link)) };
}

const trace = (document: TopologyDocument): readonly TraceEvent[] => runToEnd(createPlayback(document)).events;
const ipLength = (event: TraceEvent) => {
  const layers = event.message!.layers;
  const tcp = layers.find((layer) => layer.layer === 'tcp');
  return tcp && tcp.layer === 'tcp' ? 40 + tcp.len : 0;
};

describe('link conditions', () => {
  it('bandwidth adds each packet’s size / bandwidth to its latency', () => {
    // 1 Mbit/s: a 40-byte SYN takes 0.32 ms to send, the response (a few hundred bytes) more.
    const events = trace(withLink(example('default'), 'browser-nginx', { bandwidthMbps: 1 }));
    const sends = events.filter((event) => event.type === 'send' && (event.from === 'browser' || event.to === 'browser') && event.protocol !== 'dns');
    for (const send of sends) {
      const delivery = events.find((event) => event.type === 'deliver' && event.cause === send.seq)!;
      expect(delivery.t - send.t).toBeCloseTo(10 + (ipLength(send) * 8) / 1000, 9);
    }
    expect(events.some((event) => event.type === 'state' && /^Page loaded: 200 OK/.test(event.summary))).toBe(true);
  });

  it('a link that loses every packet ends each one in a drop event, on its link, at its arrival time', () => {
    const events = trace(withLink(example('default'), 'browser-nginx', { lossPercent: 100 }));
    const syn = events.find((event) => event.type === 'send' && event.to === 'nginx')!;
    const drop = events.find((event) => event.cause === syn.seq)!;
    expect(drop).toMatchObject({ type: 'drop', from: 'browser', to: 'nginx', t: syn.t + 10, summary: syn.summary });
    expect(events.some((event) => event.type === 'deliver' && event.to === 'nginx')).toBe(false);
  });

  it('loss is drawn from the run’s seeded generator: the same seed loses the same packets', () => {
    const lossy = withLink(example('default'), 'nginx-app1', { lossPercent: 50 });
    const lines = (events: readonly TraceEvent[]) => events.map((event) => `${event.seq} ${event.t} ${event.type} ${event.summary}`);
    expect(lines(trace(lossy))).toEqual(lines(trace(lossy)));
  });

  it('a link without loss or bandwidth leaves the run exactly as it was', () => {
    const plain = trace(example('default'));
    const explicit = trace(withLink(example('default'), 'nginx-app1', { lossPercent: 0 }));
    expect(explicit.map((event) => event.summary)).toEqual(plain.map((event) => event.summary));
  });
});

describe('a resolver the browser cannot reach', () => {
  it('is asked twice, 5 s apart (resolv.conf), then the browser shows DNS_PROBE_FINISHED_NO_INTERNET', () => {
    const events = trace(withLink(example('default'), 'browser-dns', { lossPercent: 100 }));
    const queries = events.filter((event) => event.type === 'send' && event.from === 'browser' && event.protocol === 'dns');
    expect(queries.map((event) => event.t)).toEqual([0, 5000]);
    expect(events.filter((event) => event.type === 'drop').length).toBe(2);
    const error = events.find((event) => event.type === 'state' && event.from === 'browser' && /DNS_PROBE_FINISHED_NO_INTERNET/.test(event.summary));
    expect(error?.t).toBe(10_000);
    // No visit was started twice: the retry timer is not mistaken for a navigation.
    expect(events.filter((event) => event.type === 'timer' && /^Navigate to/.test(event.summary))).toHaveLength(1);
  });
});
