import { describe, expect, it } from 'vitest';
import { diagnose } from './diagnose.ts';
import { example, exampleJson, mustImport, withConfig } from '../test-support/documents.node.ts';
import type { TopologyDocument } from '../model/topology.ts';

const withoutLink = (document: TopologyDocument, id: string): TopologyDocument => ({ ...document, links: document.links.filter((link) => link.id !== id) });

describe('diagnose: problems before a run, on the node or link at fault', () => {
  it('finds nothing wrong with the default stack', () => {
    expect(diagnose(example('default'))).toEqual([]);
  });

  it('an upstream server that names a missing node', () => {
    const document = mustImport(withConfig(exampleJson('default'), 'nginx', { upstreams: [{ name: 'app', servers: [{ server: 'app9:8000' }] }] }));
    expect(diagnose(document)).toEqual([
      {
        severity: 'error',
        nodeId: 'nginx',
        path: 'upstreams[0].servers[0].server',
        message: 'app9 names no node on the canvas, and nginx has no DNS resolver to ask: it would not start ([emerg] host not found in upstream).',
        fix: "Use the name or address of an application server, such as a Gunicorn node's name, or link nginx to a DNS resolver with A records for app9.",
      },
    ]);
  });

  it('a browser with no route to a DNS resolver', () => {
    const diagnostics = diagnose(withoutLink(example('default'), 'browser-dns'));
    expect(diagnostics).toContainEqual({
      severity: 'error',
      nodeId: 'browser',
      message: 'Browser has no route to a DNS resolver, so it cannot look up any name.',
      fix: 'Connect it to a DNS resolver with a network link.',
    });
  });

  it('a framework with no application server, and the server with no application', () => {
    const diagnostics = diagnose(withoutLink(example('default'), 'app1-flask'));
    expect(diagnostics.map((d) => [d.nodeId, d.message])).toEqual(
      expect.arrayContaining([
        ['flask', 'Flask has no application server: a framework only answers when a WSGI server calls it.'],
        ['app1', 'Gunicorn has no application to run: every request would fail.'],
      ]),
    );
  });

  it('a proxy with no link to its upstream, and an app with no link to its database', () => {
    const messages = diagnose(withoutLink(withoutLink(example('default'), 'nginx-app1'), 'flask-db')).map((d) => d.message);
    expect(messages).toContain('nginx has no link to Gunicorn, so it cannot reach app1:8000.');
    expect(messages).toContain('Flask has no link to PostgreSQL, so its queries cannot reach it.');
  });

  it('a config that breaks its kind’s schema is reported with its field, and only there', () => {
    const document = example('default');
    const broken = { ...document, nodes: document.nodes.map((node) => (node.id === 'app1' ? { ...node, config: { ...node.config, workers: 0 } } : node)) };
    // nginx and Flask still see Gunicorn: one problem, where it is.
    expect(diagnose(broken)).toEqual([{ severity: 'error', nodeId: 'app1', path: 'workers', message: 'workers must be at least 1', fix: 'Correct this field in the node’s settings.' }]);
  });

  it('a link between kinds that have nothing to say to each other, and a WSGI link over the network', () => {
    const document = example('default');
    const diagnostics = diagnose({
      ...document,
      links: [
        ...document.links.map((link) => (link.id === 'app1-flask' ? { ...link, kind: 'network' as const } : link)),
        { id: 'bad', from: 'browser', to: 'db', kind: 'network', latencyMs: 1 },
      ],
    });
    expect(diagnostics).toContainEqual(expect.objectContaining({ linkId: 'app1-flask', message: 'This network link carries WSGI, which needs an in-process link.' }));
    expect(diagnostics).toContainEqual(expect.objectContaining({ linkId: 'bad', message: expect.stringMatching(/^Browser cannot talk to PostgreSQL directly/) }));
  });

  it('a name no resolver knows is a warning on the visit', () => {
    const document = mustImport(withConfig(exampleJson('default'), 'browser', { visits: [{ url: 'http://unknown.test/', atMs: 0 }] }));
    expect(diagnose(document)).toContainEqual(expect.objectContaining({ severity: 'warning', nodeId: 'browser', path: 'visits[0].url' }));
  });
});
