import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleJson, withConfig } from './test-support/documents.node.ts';

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/simulation/cli.ts', ...args], { encoding: 'utf8' });
}

describe('npm run simulate', () => {
  it('writes the trace as JSON Lines, honouring --seed', () => {
    const seeded = cli('public/topologies/default.json', '--seed', '5');
    expect(seeded.status).toBe(0);
    const lines = seeded.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ seq: 0, t: 0, type: 'timer', from: 'browser', cause: null });
    expect(lines.some((line: { summary: string }) => /^Page loaded: 200 OK/.test(line.summary))).toBe(true);
    expect(seeded.stdout).not.toBe(cli('public/topologies/default.json').stdout);
  });

  it('answers a bad document with one line naming the path, and exit code 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackscope-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ format: 'stackscope.topology', version: 1, nodes: [{ id: 'g', kind: 'gunicorn', config: { workers: -1 } }] }));
    const result = cli(file);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${file}: nodes[0].config.workers: must be at least 1\n`);
  });

  it('reports a file that is not JSON on one line, with the place of the mistake', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackscope-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "format": "stackscope.topology",\n  "version": 1,\n}\n');
    const result = cli(file);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`${file}: The document is not valid JSON: Expected double-quoted property name at line 4, column 1.\n`);
  });

  it('stops quietly when the reader closes the pipe early', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackscope-'));
    const file = join(dir, 'many-visits.json');
    const document = withConfig(exampleJson('default'), 'browser', {
      visits: Array.from({ length: 300 }, (_, index) => ({ url: 'http://example.com/', atMs: index * 100 })),
    });
    writeFileSync(file, JSON.stringify(document));
    const result = spawnSync('sh', ['-c', `"${process.execPath}" --import tsx src/simulation/cli.ts "${file}" | head -n 1`], { encoding: 'utf8' });
    expect(result.stdout.split('\n')[0]).toMatch(/^\{"seq":0,/);
    expect(result.stderr).toBe('');
  });

  it('explains a missing file and a bad seed', () => {
    expect(cli('missing.json').stderr).toBe('missing.json: cannot be read (ENOENT)\n');
    expect(cli('public/topologies/default.json', '--seed', 'x').status).toBe(2);
  });
});
