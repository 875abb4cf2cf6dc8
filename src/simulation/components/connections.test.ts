import { describe, expect, it } from 'vitest';
import { adaptToLink, checkConnection } from './connections.ts';
import { example } from '../test-support/documents.node.ts';
import type { TopologyDocument } from '../model/topology.ts';

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
    // The hint comes from the declarations: what each kind is, and who reaches whom through whom.
    expect(checkConnection(unlinked, 'nginx', 'db')).toMatchObject({ ok: false, reason: expect.stringContaining('A web server reaches a database only through an application.') });
    expect(checkConnection(unlinked, 'app1', 'db')).toMatchObject({ ok: false, reason: expect.stringContaining('An application server reaches a database only through an application.') });
    const check = checkConnection(unlinked, 'browser', 'db');
    expect(check).toEqual({
      ok: false,
      reason:
        'Browser cannot talk to PostgreSQL directly: PostgreSQL answers SQL, which only Flask speaks. A browser reaches a database only through an application. Connect Browser to a DNS resolver, a Socket server, a Flask dev server, nginx, Gunicorn or a WebSocket server instead.',
    });
  });

  describe('DNS: a browser asks a resolver, and only the resolver asks the authoritative servers', () => {
    const withServer: TopologyDocument = {
      ...unlinked,
      nodes: [...unlinked.nodes, { id: 'root', kind: 'dns-server', label: 'Root server', position: { x: 0, y: 0 }, config: { address: '10.0.0.60', zone: '.', records: [] } }],
    };

    it('links a resolver to a DNS server, from the resolver to the server', () => {
      expect(checkConnection(withServer, 'root', 'dns')).toMatchObject({ ok: true, from: 'dns', to: 'root', linkKind: 'network', service: 'authoritative-dns' });
    });

    it('refuses a browser linked straight to a DNS server, and says to use a resolver', () => {
      expect(checkConnection(withServer, 'browser', 'root')).toEqual({
        ok: false,
        reason:
          'Browser cannot talk to DNS server directly: DNS server answers authoritative DNS, which only DNS resolver speaks. A browser reaches a name server only through a DNS resolver. Connect Browser to a DNS resolver, a Socket server, a Flask dev server, nginx, Gunicorn or a WebSocket server instead.',
      });
    });

    it('refuses two DNS servers linked to each other', () => {
      expect(checkConnection({ ...withServer, nodes: [...withServer.nodes, { ...withServer.nodes.at(-1)!, id: 'tld' }] }, 'root', 'tld').ok).toBe(false);
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

describe('adaptToLink: a new link points settings that pointed nowhere at the new server', () => {
  const base = example('default');
  const renamed = { ...base, nodes: base.nodes.map((node) => (node.id === 'app1' ? { ...node, id: 'web', label: 'Web' } : node)) };

  it('sets nginx’s upstream server to the linked Gunicorn', () => {
    const adapted = adaptToLink(renamed, 'nginx', 'web');
    expect(adapted.nodes.find((node) => node.id === 'nginx')!.config['upstreams']).toEqual([{ name: 'app', method: 'round_robin', servers: [{ server: 'web:8000' }] }]);
  });

  it('keeps an upstream that already names a node', () => {
    expect(adaptToLink(base, 'nginx', 'app1')).toBe(base);
  });

  it('sets Flask’s database URL to the linked PostgreSQL', () => {
    const withoutDatabase = { ...base, nodes: base.nodes.map((node) => (node.id === 'flask' ? { ...node, config: { ...node.config, database: undefined } } : node)) };
    const adapted = adaptToLink(withoutDatabase, 'flask', 'db');
    expect(adapted.nodes.find((node) => node.id === 'flask')!.config['database']).toBe('postgresql://app@db:5432/app');
  });
});
