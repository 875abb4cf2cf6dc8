import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPlayback, runToEnd } from '../../src/simulation/index.ts';
import { example } from '../../src/simulation/test-support/documents.node.ts';
import { describeLayer } from './describe-layer.ts';
import { fieldHelp } from './field-help.ts';

const EXAMPLES = readdirSync(join(process.cwd(), 'public/topologies'))
  .filter((file) => file.endsWith('.json') && file !== 'index.json')
  .map((file) => file.replace(/\.json$/, ''));

describe('fieldHelp', () => {
  it.each(EXAMPLES)('explains every field of every message of the %s example in one sentence', (name) => {
    const events = runToEnd(createPlayback(example(name)), 20_000).events;
    for (const event of events) {
      for (const layer of event.message?.layers ?? []) {
        const view = describeLayer(layer);
        for (const field of view.fields) {
          const help = fieldHelp(view.title, field.name);
          expect(help, `${view.title} / ${field.name}`).toMatch(/^[A-Z0-9].*[.]$/);
          expect(help!.split(/[.!?] /).length, `${view.title} / ${field.name} is one sentence`).toBe(1);
        }
      }
    }
  });
});
