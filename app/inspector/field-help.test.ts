import { describe, expect, it } from 'vitest';
import { createPlayback, runToEnd } from '../../src/simulation/index.ts';
import { example } from '../../src/simulation/test-support/documents.node.ts';
import { describeLayer } from './describe-layer.ts';
import { fieldHelp } from './field-help.ts';

describe('fieldHelp', () => {
  it('explains every field of every message in the default page load in one sentence', () => {
    const events = runToEnd(createPlayback(example('default'))).events;
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
