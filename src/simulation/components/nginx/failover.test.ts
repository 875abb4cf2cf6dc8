/**
 * nginx when upstream servers refuse: proxy_next_upstream's default (error timeout) tries the
 * next server within the same request, max_fails=1 / fail_timeout=10s take the refusing one
 * out, and with nothing left nginx answers 502. The sequences follow
 * ngx_http_upstream_round_robin.c (get_peer, free_peer); the wording is nginx's.
 */
import { describe, expect, it } from 'vitest';
import { browserPage, createPlayback, runToEnd, simulate, type TraceEvent } from '../../index.ts';
import { example } from '../../test-support/documents.node.ts';

function nginxNotes(name: string): { t: number; text: string }[] {
  const events: TraceEvent[] = [];
  simulate(example(name), { onEvent: (event) => events.push(event) });
  return events.filter((e) => e.type === 'state' && e.from === 'nginx').map((e) => ({ t: e.t, text: e.summary }));
}

const APP1 = '10.0.0.3:8000';
const APP2 = '10.0.0.4:8000';

describe('one-upstream-down-retry', () => {
  const notes = nginxNotes('one-upstream-down-retry');
  const access = notes.filter((note) => note.text.startsWith('access.log'));

  it('tries app1 after app2 refuses, within the same request: $upstream_addr lists both', () => {
    expect(access[1]!.text).toBe(`access.log: "GET /favicon.ico HTTP/1.1" 404 upstream=${APP2}, ${APP1}`);
    const errors = notes.filter((note) => note.text.startsWith('error.log')).slice(0, 2).map((note) => note.text.replace(/, client: .*$/, ''));
    expect(errors).toEqual([
      'error.log: [error] connect() failed (111: Connection refused) while connecting to upstream',
      'error.log: [warn] upstream server temporarily disabled while connecting to upstream',
    ]);
  });

  it('leaves app2 out while its fail_timeout runs, then tries it again once its weight has climbed back', () => {
    expect(access.map((note) => note.text.replace(/^.*upstream=/, ''))).toEqual([APP1, `${APP2}, ${APP1}`, APP1, APP1, APP1, APP1, `${APP2}, ${APP1}`]);
    // The second refusal comes at 14.5 s: more than 10 s after the first.
    expect(access.at(-1)!.t).toBeGreaterThan(14_000);
  });

  it('every page still loads', () => {
    expect(browserPage(runToEnd(createPlayback(example('one-upstream-down-retry'))), 'browser')).toMatchObject({ kind: 'loaded', status: 200 });
  });
});

describe('upstream-down-502', () => {
  const notes = nginxNotes('upstream-down-502');

  it('tries both servers, both refuse, and the browser gets nginx’s 502 page', () => {
    expect(notes.find((note) => note.text.startsWith('access.log'))!.text).toBe(`access.log: "GET / HTTP/1.1" 502 upstream=${APP1}, ${APP2}`);
    const page = browserPage(runToEnd(createPlayback(example('upstream-down-502'))), 'browser');
    expect(page).toMatchObject({ kind: 'loaded', status: 502, title: '502 Bad Gateway' });
  });

  it('with both marked failed, answers at once with no live upstreams, and $upstream_addr is the upstream’s name', () => {
    const later = notes.filter((note) => note.t >= 1000).map((note) => note.text);
    expect(later).toEqual([
      'error.log: [error] no live upstreams while connecting to upstream, client: 10.0.0.10, server: example.com, request: "GET / HTTP/1.1", upstream: "http://app/", host: "example.com"',
      'access.log: "GET / HTTP/1.1" 502 upstream=app',
    ]);
  });
});
