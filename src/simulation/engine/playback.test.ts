import { describe, expect, it } from 'vitest';
import { advanceToTime, browserPage, createPlayback, currentEvent, inFlightMessages, isAtEnd, nodeStatus, resetPlayback, runToEnd, seekTo, stepBack, stepForward, type Playback } from '../index.ts';
import { example } from '../test-support/documents.node.ts';

const NODE_IDS = ['browser', 'dns', 'nginx', 'app1', 'flask', 'db'];

function statuses(playback: Playback) {
  return NODE_IDS.map((id) => nodeStatus(playback, id));
}

describe('playback', () => {
  it('steps forward one event at a time and reports it', () => {
    let playback = createPlayback(example('default'));
    expect(currentEvent(playback)).toBeUndefined();
    playback = stepForward(playback);
    expect(currentEvent(playback)?.summary).toBe('Navigate to http://example.com/');
    expect(playback.cursor).toBe(1);
  });

  it('restores every node state exactly when stepping back', () => {
    const forward: ReturnType<typeof statuses>[] = [];
    let playback = createPlayback(example('default'));
    forward.push(statuses(playback));
    while (!isAtEnd(playback)) {
      playback = stepForward(playback);
      forward.push(statuses(playback));
    }
    expect(forward.length).toBeGreaterThan(40);
    for (let cursor = forward.length - 1; cursor >= 0; cursor--) {
      expect(playback.cursor).toBe(cursor);
      expect(statuses(playback)).toEqual(forward[cursor]);
      playback = stepBack(playback);
    }
  });

  it('shows a busy Gunicorn worker, the DNS cache and open connections at the right moments', () => {
    let playback = createPlayback(example('default'));
    while (!currentEvent(playback)?.summary.startsWith('Worker 1')) playback = stepForward(playback);
    expect(nodeStatus(playback, 'app1')?.workers?.map((worker) => worker.state)).toEqual(['busy', 'idle']);
    expect(nodeStatus(playback, 'browser')?.details).toContainEqual({ label: 'DNS cache', value: 'example.com → 10.0.0.2' });
    playback = resetPlayback(playback);
    expect(nodeStatus(playback, 'app1')?.workers?.map((worker) => worker.state)).toEqual(['idle', 'idle']);
    expect(nodeStatus(playback, 'browser')?.details).toContainEqual({ label: 'DNS cache', value: 'empty' });
    playback = runToEnd(playback);
    expect(nodeStatus(playback, 'browser')?.headline).toBe('Page loaded: 200 OK');
  });

  it('lists messages in flight with their link and timing, and moves by virtual time', () => {
    let playback = seekTo(createPlayback(example('default')), 2);
    const [flight] = inFlightMessages(playback);
    expect(flight).toMatchObject({ linkId: 'browser-dns', from: 'browser', to: 'dns', sentAt: 0, arrivesAt: 5 });
    playback = advanceToTime(playback, 5);
    expect(playback.time).toBe(5);
    expect(inFlightMessages(playback).map((message) => message.linkId)).toEqual(['browser-nginx'.replace('nginx', 'dns')]);
    playback = advanceToTime(playback, 2.5);
    expect(currentEvent(playback)?.type).toBe('send');
    expect(playback.time).toBe(2.5);
  });

  it('never changes the playback it is given', () => {
    const start = createPlayback(example('default'));
    const next = stepForward(start);
    expect(start.cursor).toBe(0);
    expect(next.cursor).toBe(1);
    expect(stepBack(start)).toBe(start);
  });
});

describe('the states shown at the last event of a step', () => {
  it('include what the handler changed after emitting it: the tab says "Resolving" once the query is out', () => {
    const playback = createPlayback(example('nxdomain'));
    // Event 0 is the navigation (before the browser reacts); event 1 is the DNS query it sent,
    // the step's last event: the browser set its loading page after sending it.
    expect(browserPage(seekTo(playback, 1), 'browser')).toEqual({ kind: 'blank' });
    expect(currentEvent(seekTo(playback, 2))?.summary).toMatch(/^Standard query 0x[0-9a-f]{4} A exmaple\.com$/);
    expect(browserPage(seekTo(playback, 2), 'browser')).toMatchObject({ kind: 'loading', step: 'Resolving exmaple.com' });
  });
});
