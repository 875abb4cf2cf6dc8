import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose, importDocument } from './index.ts';

const folder = join(process.cwd(), 'public/topologies');
const listed = JSON.parse(readFileSync(join(folder, 'index.json'), 'utf8')) as { name: string; title: string; description: string }[];

/** Examples whose lesson is a misconfiguration the checks warn about: the warning is part of what they show. */
const TAUGHT_WARNINGS: Readonly<Record<string, readonly string[]>> = {
  'websocket-proxy-missing-upgrade': ['warning on nginx'],
};

describe('the examples in public/topologies', () => {
  it('are all listed in index.json, and every listed one exists', () => {
    const files = readdirSync(folder)
      .filter((file) => file.endsWith('.json') && file !== 'index.json')
      .map((file) => file.replace(/\.json$/, ''))
      .sort();
    expect(listed.map((entry) => entry.name).sort()).toEqual(files);
  });

  it.each(listed)('$name imports, has its listed title and no problem before a run but the one it teaches', ({ name, title }) => {
    const result = importDocument(readFileSync(join(folder, `${name}.json`), 'utf8'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.name).toBe(title);
    expect(diagnose(result.document).map((diagnostic) => `${diagnostic.severity} on ${diagnostic.nodeId ?? diagnostic.linkId}`)).toEqual(TAUGHT_WARNINGS[name] ?? []);
  });
});
