/**
 * The golden trace of public/topologies/default.json. It was checked by hand against
 * ../shared/reference/ (see reference.test.ts for the checks that keep it honest). If a change
 * alters it on purpose, regenerate it with
 *   npm run -s simulate -- public/topologies/default.json > src/simulation/__golden__/default.trace.jsonl
 * and read the diff.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate, traceEventToJson } from './index.ts';
import { example } from './test-support/documents.node.ts';

describe('golden trace', () => {
  it('default.json produces the recorded trace, line for line', () => {
    const golden = readFileSync(join(process.cwd(), 'src/simulation/__golden__/default.trace.jsonl'), 'utf8').trimEnd().split('\n');
    const lines: string[] = [];
    simulate(example('default'), { onEvent: (event) => lines.push(traceEventToJson(event)) });
    expect(lines).toEqual(golden);
  });

  it('tells the whole journey in order: DNS, TCP, HTTP to nginx, HTTP/1.0 upstream, WSGI, SQL and back', () => {
    const summaries: string[] = [];
    simulate(example('default'), { onEvent: (event) => summaries.push(`${event.type} ${event.from}>${event.to} ${event.summary}`) });
    const milestones = [
      /^timer browser>browser Navigate to http:\/\/example\.com\/$/,
      /^send browser>dns Standard query 0x[0-9a-f]{4} A example\.com$/,
      /^send dns>browser Standard query response 0x[0-9a-f]{4} A example\.com A 10\.0\.0\.2$/,
      /^send browser>nginx \d+ → 80 \[SYN\] Seq=0 Len=0$/,
      /^send browser>nginx GET \/ HTTP\/1\.1$/,
      /^send nginx>app1 GET \/ HTTP\/1\.0$/,
      /^state app1>app1 Worker 1 \(pid \d+\) busy: GET \/ HTTP\/1\.0$/,
      /^send app1>flask application\(environ, start_response\): GET \/$/,
      /^send flask>db Query: SELECT title FROM posts LIMIT 3$/,
      /^send db>flask SELECT 3 \(3 rows\)$/,
      /^send flask>app1 start_response\('200 OK'\)/,
      /^send app1>nginx HTTP\/1\.0 200 OK$/,
      /^send nginx>browser HTTP\/1\.1 200 OK$/,
      /^deliver nginx>browser HTTP\/1\.1 200 OK$/,
      /^state browser>browser Page loaded: 200 OK/,
    ];
    let position = 0;
    for (const milestone of milestones) {
      const found = summaries.findIndex((summary, index) => index >= position && milestone.test(summary));
      expect(found, `${milestone} after event ${position}`).toBeGreaterThanOrEqual(0);
      position = found + 1;
    }
  });
});
