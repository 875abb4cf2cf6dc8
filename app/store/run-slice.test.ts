import { describe, expect, it } from 'vitest';
import { createPlayback, seekTo, stepForward } from '../../src/simulation/index.ts';
import { example } from '../../src/simulation/test-support/documents.node.ts';
import { viewOf } from './run-slice.ts';

describe('the run view the canvas draws', () => {
  const document = example('default');

  it('puts each message in flight on its link', () => {
    const playback = seekTo(createPlayback(document), 2); // the DNS query has been sent, not delivered
    const view = viewOf(playback, null);
    const onDnsLink = view.inFlightByLink.get('browser-dns');
    expect(onDnsLink?.map((message) => message.send.summary)).toEqual([expect.stringMatching(/^Standard query 0x[0-9a-f]{4} A example\.com$/)]);
    expect(view.selectedSeq).toBe(1);
  });

  it('keeps the derived values when only the clock moved, and rebuilds them when the cursor moved', () => {
    const start = seekTo(createPlayback(document), 2);
    const first = viewOf(start, null);
    const later = { ...start, time: start.time + 1 };
    expect(viewOf(later, start, first).statuses).toBe(first.statuses);
    const next = stepForward(start);
    expect(viewOf(next, start, first).statuses).not.toBe(first.statuses);
  });

  it('shows the statuses of every node', () => {
    const view = viewOf(createPlayback(document), null);
    expect(Object.keys(view.statuses).sort()).toEqual(document.nodes.map((node) => node.id).sort());
    expect(view.statuses['app1']?.headline).toBe('0 of 2 workers busy');
  });
});
