import { describe, expect, it } from 'vitest';
import { diagnose } from '../diagnose.ts';
import { exampleJson, mustImport, withConfig } from '../../test-support/documents.node.ts';

const visiting = (url: string) => withConfig(exampleJson('default'), 'browser', { visits: [{ url, atMs: 0 }] });

describe('browser: checks before a run', () => {
  it('warns when a resolver with local records only does not know the host', () => {
    expect(diagnose(mustImport(visiting('http://unknown.example/')))).toEqual([
      {
        severity: 'warning',
        nodeId: 'browser',
        path: 'visits[0].url',
        message: 'No DNS resolver linked to Browser knows unknown.example: the visit will end on DNS_PROBE_FINISHED_NXDOMAIN.',
        fix: 'Add an A record for unknown.example to DNS resolver.',
      },
    ]);
  });

  it('says nothing when the resolver resolves recursively (root hints): it may learn any name', () => {
    const document = withConfig(visiting('http://unknown.example/'), 'dns', { rootHints: ['198.41.0.4'] });
    expect(diagnose(mustImport(document)).filter((diagnostic) => diagnostic.nodeId === 'browser')).toEqual([]);
  });

  it('warns about an https:// visit to a server that does not speak TLS, and not when nginx has ssl on', () => {
    expect(diagnose(mustImport(visiting('https://example.com/'))).filter((diagnostic) => diagnostic.nodeId === 'browser')).toEqual([
      {
        severity: 'warning',
        nodeId: 'browser',
        path: 'visits[0].url',
        message: 'nginx does not speak TLS on port 443, so the visit to https://example.com fails: Chromium shows ERR_SSL_PROTOCOL_ERROR, or waits for an answer that never comes.',
        fix: 'Turn on ssl for a server block of nginx listening on 443 (or put an nginx with ssl in front), or visit http://example.com.',
      },
    ]);
    expect(diagnose(mustImport(exampleJson('https-tls13')))).toEqual([]);
  });

  it('accepts the new visit fields in a valid document', () => {
    const document = withConfig(exampleJson('default'), 'browser', {
      visits: [
        { url: 'http://example.com/', atMs: 0 },
        { url: 'http://example.com/', atMs: 10, method: 'POST', form: { user: 'x' } },
        { url: 'http://example.com/', atMs: 20, method: 'PUT', json: '{"a":1}' },
      ],
    });
    expect(diagnose(mustImport(document))).toEqual([]);
  });
});

describe('browser: the nameserver setting (resolv.conf) is checked like a link', () => {
  const withNameserver = (nameserver: string, document = exampleJson('default')) =>
    diagnose(mustImport(withConfig(document, 'browser', { nameserver }))).filter((diagnostic) => diagnostic.nodeId === 'browser');

  it('accepts the address of the linked resolver', () => {
    expect(withNameserver('10.0.0.53')).toEqual([]);
  });

  it('warns about an address no node has: the run shows the lookup failing', () => {
    expect(withNameserver('10.0.0.99')).toEqual([
      {
        severity: 'warning',
        nodeId: 'browser',
        path: 'nameserver',
        message: 'nameserver 10.0.0.99 is the address of no node on the canvas: every lookup fails with DNS_PROBE_FINISHED_NO_INTERNET.',
        fix: 'Use the address of a DNS resolver on the canvas, or clear nameserver to use the linked one.',
      },
    ]);
  });

  it('warns about a resolver the browser has no link to', () => {
    const document = exampleJson('default');
    document.links = document.links.filter((link) => link['id'] !== 'browser-dns');
    expect(withNameserver('10.0.0.53', document)).toEqual([
      expect.objectContaining({ severity: 'warning', path: 'nameserver', message: 'Browser has no link to DNS resolver (10.0.0.53): every lookup fails with DNS_PROBE_FINISHED_NO_INTERNET.' }),
    ]);
  });

  it('refuses a node that answers no DNS queries (the run would only wait)', () => {
    expect(withNameserver('10.0.0.2')).toEqual([
      expect.objectContaining({ severity: 'error', path: 'nameserver', message: 'nameserver 10.0.0.2 is nginx, which answers no DNS queries: no name could be looked up.' }),
    ]);
  });

  it('judges names by the resolver it names, not by any other linked one', () => {
    const document = withConfig(exampleJson('default'), 'browser', { visits: [{ url: 'http://unknown.example/', atMs: 0 }] });
    expect(withNameserver('10.0.0.53', document).map((diagnostic) => diagnostic.path)).toEqual(['visits[0].url']);
  });
});
