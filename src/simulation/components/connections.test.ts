import { describe, expect, it } from 'vitest';
import { checkConnection } from './connections.ts';
import { example } from '../test-support/documents.node.ts';
import type { TopologyDocument } from '../model/document.ts';

/** The default stack without its links, so any pair can be tried. */
const unlinked: TopologyDocument = { ...example('default'), links: [] };

describe('checkConnection: which links make sense comes from the kinds’ declarations', () => {
  it.each([
    ['browser', 'dns', 'browser', 'dns', 'network'],
    ['browser', 'nginx', 'browser', 'nginx', 'network'],
    ['nginx', 'app1', 'nginx', 'app1', 'network'],
    ['flask', 'app1', 'app1', 'flask', 'in-process'],
    ['db', 'flask', 'flask', 'db', 'network'],
  ] as const)('%s with %s is a link from %s to %s over %s', (a, b, from, to, linkKind) => {
    expect(checkConnection(unlinked, a, b)).toMatchObject({ ok: true, from, to, linkKind });
  });

  it('refuses a browser linked straight to a database, and says why', () => {
    const check = checkConnection(unlinked, 'browser', 'db');
    expect(check).toEqual({
      ok: false,
      reason:
        'Browser cannot talk to PostgreSQL directly: PostgreSQL answers SQL, which only Flask speaks. A browser reaches a database only through an application. Connect Browser to DNS resolver, or nginx or Gunicorn instead.',
    });
  });

  it('refuses kinds that neither serve nor use each other', () => {
    const check = checkConnection(unlinked, 'dns', 'db');
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toMatch(/^DNS resolver cannot talk to PostgreSQL directly/);
  });

  it('refuses a node linked to itself and a second link between the same nodes', () => {
    expect(checkConnection(unlinked, 'nginx', 'nginx')).toEqual({ ok: false, reason: 'A node cannot be linked to itself.' });
    expect(checkConnection(example('default'), 'nginx', 'browser')).toEqual({ ok: false, reason: 'nginx and Browser are already linked.' });
  });
});
