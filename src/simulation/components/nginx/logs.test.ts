/**
 * nginx's access.log in a configurable log_format (ngx_http_log_module). The recorded run of
 * nginx-upstream-order.json logged with
 *   log_format upstreamlog '[$time_local] $host to: $upstream_addr: $request $status';
 * and the same format here must give lines of the same shape.
 */
import { describe, expect, it } from 'vitest';
import { createPlayback, importDocument, nodeStatus, runToEnd } from '../../index.ts';
import { exampleJson, withConfig } from '../../test-support/documents.node.ts';
import { readReference } from '../../test-support/reference.node.ts';

interface UpstreamOrder {
  readonly log_format: string;
  readonly configs: Record<string, { access_log_upstreamlog_first3: string[] }>;
}

function accessLog(example: string, logFormat: string): readonly string[] {
  const doc = withConfig(exampleJson(example), 'nginx', { log_format: logFormat });
  const imported = importDocument(doc);
  if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
  const status = nodeStatus(runToEnd(createPlayback(imported.document)), 'nginx');
  return status?.logs?.find((log) => log.name === 'access.log')?.lines ?? [];
}

describe('nginx access.log with log_format', () => {
  const recording = readReference<UpstreamOrder>('nginx-upstream-order.json');
  const format = /'(.*)'/.exec(recording.log_format)![1]!;

  it("writes the recording's format as nginx did: time, host, upstream, request line, status", () => {
    const recorded = recording.configs['weights_3_1']!.access_log_upstreamlog_first3;
    // The browser also asks for /favicon.ico; the recording's curl did not.
    const lines = accessLog('nginx-weighted-upstream', format).filter((line) => line.includes(' GET / '));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    // Same shape, with this topology's host and addresses in place of the recording's.
    const shape = (line: string) => line.replace(/\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2}/, 'TIME').replace(/ \S+ to: \S+:\d+: /, ' HOST to: ADDR: ');
    expect(lines.slice(0, 3).map(shape)).toEqual(recorded.map(shape).map((line) => line.replace('/whoami', '/')));
    expect(lines[0]).toMatch(/^\[\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] example\.com to: 10\.0\.0\.\d+:8000: GET \/ HTTP\/1\.1 200$/);
  });

  it('writes - for a variable with no value, and times in seconds with milliseconds', () => {
    const [line] = accessLog('nginx-weighted-upstream', '$http_referer|$remote_user|$request_time|$upstream_status|$body_bytes_sent|$msec');
    const [referer, user, requestTime, upstreamStatus, bytes, msec] = line!.split('|');
    expect([referer, user, upstreamStatus]).toEqual(['-', '-', '200']);
    expect(requestTime).toMatch(/^\d+\.\d{3}$/);
    expect(Number(requestTime)).toBeGreaterThan(0);
    expect(Number(bytes)).toBeGreaterThan(0);
    expect(msec).toMatch(/^\d+\.\d{3}$/);
  });

  it('keeps a variable nginx does not know as written', () => {
    expect(accessLog('nginx-weighted-upstream', '$status $nonsense')[0]).toBe('200 $nonsense');
  });

  it('lists every try in $upstream_addr and $upstream_status when a server refuses', () => {
    const lines = accessLog('one-upstream-down-retry', '$upstream_addr|$upstream_status|$status');
    expect(lines[1]).toBe('10.0.0.4:8000, 10.0.0.3:8000|502, 404|404');
  });
});
