import { describe, expect, it } from 'vitest';
import { diagnose, type TopologyDocument } from '../../src/simulation/index.ts';
import { example } from '../../src/simulation/test-support/documents.node.ts';
import { addNode, connect, copyFragment, deleteItems, moveNodes, pasteFragment, runKey, setLink, uniqueId, uniqueLabel } from './document-edits.ts';

const empty: TopologyDocument = { ...example('default'), nodes: [], links: [] };

describe('document edits', () => {
  it('gives new nodes unique ids, labels and addresses, and snaps them to the grid', () => {
    const first = addNode(empty, 'nginx', { x: 13, y: 27 });
    const second = addNode(first.document, 'nginx', { x: 200, y: 0 });
    expect(first.id).toBe('nginx');
    expect(second.id).toBe('nginx-2');
    const [a, b] = second.document.nodes;
    expect(a!.position).toEqual({ x: 20, y: 20 });
    expect([a!.label, b!.label]).toEqual(['nginx', 'nginx 2']);
    expect(a!.config['address']).toBe('10.0.0.2');
    expect(b!.config['address']).not.toBe('10.0.0.2');
  });

  it('builds a stack that diagnoses clean: palette defaults plus links from the kinds’ rules', () => {
    let document = empty;
    for (const kind of ['browser', 'dns-resolver', 'nginx', 'gunicorn', 'flask', 'postgres'] as const) document = addNode(document, kind, { x: 0, y: 0 }).document;
    for (const [a, b] of [['browser', 'dns-resolver'], ['browser', 'nginx'], ['nginx', 'gunicorn'], ['flask', 'gunicorn'], ['flask', 'postgres']] as const) {
      const result = connect(document, a, b);
      if (!result.ok) throw new Error(result.reason);
      document = result.document;
    }
    expect(document.links.find((link) => link.to === 'flask')).toMatchObject({ from: 'gunicorn', kind: 'in-process', latencyMs: 0 });
    // Linking pointed nginx's upstream and Flask's database at the new nodes.
    expect(document.nodes.find((node) => node.id === 'nginx')!.config['upstreams']).toEqual([{ name: 'app', method: 'round_robin', servers: [{ server: 'gunicorn:8000' }] }]);
    expect(document.nodes.find((node) => node.id === 'flask')!.config['database']).toBe('postgresql://app@postgres:5432/app');
    expect(diagnose(document).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('refuses a link that makes no sense, with the reason', () => {
    let document = addNode(empty, 'browser', { x: 0, y: 0 }).document;
    document = addNode(document, 'postgres', { x: 0, y: 0 }).document;
    const result = connect(document, 'browser', 'postgres');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain('A browser reaches a database only through an application.');
  });

  it('deletes a node with its links', () => {
    const document = deleteItems(example('default'), new Set(['nginx']), new Set());
    expect(document.nodes.map((node) => node.id)).not.toContain('nginx');
    expect(document.links.some((link) => link.from === 'nginx' || link.to === 'nginx')).toBe(false);
  });

  it('pastes copies with fresh ids and the links between them', () => {
    const source = example('default');
    const fragment = copyFragment(source, new Set(['app1', 'flask']));
    const { document, ids } = pasteFragment(source, fragment);
    expect(ids).toEqual(['app1-2', 'flask-2']);
    expect(document.links.at(-1)).toMatchObject({ from: 'app1-2', to: 'flask-2', kind: 'in-process' });
    expect(document.nodes.find((node) => node.id === 'app1-2')!.config['address']).not.toBe('10.0.0.3');
  });

  it('moving nodes does not change what the run depends on', () => {
    const source = example('default');
    expect(runKey(moveNodes(source, new Map([['nginx', { x: 999, y: 999 }]])))).toBe(runKey(source));
  });

  it('makes ids from any text', () => {
    expect(uniqueId('2 web', new Set())).toBe('web');
    expect(uniqueLabel('Flask', new Set(['Flask', 'Flask 2']))).toBe('Flask 3');
  });

  it('counts on from the number a copied name already has', () => {
    expect(uniqueLabel('Flask 2', new Set(['Flask', 'Flask 2']))).toBe('Flask 3');
    expect(uniqueLabel('Flask 2', new Set(['Flask 2', 'Flask 3']))).toBe('Flask 4');
    expect(uniqueId('app1-2', new Set(['app1', 'app1-2']))).toBe('app1-3');
    expect(uniqueId('app1', new Set(['app1']))).toBe('app1-2');
  });
});

describe('setLink', () => {
  it('sets link conditions and removes one set to undefined', () => {
    const withLoss = setLink(example('default'), 'browser-nginx', { lossPercent: 5, bandwidthMbps: 10 });
    expect(withLoss.links.find((link) => link.id === 'browser-nginx')).toMatchObject({ lossPercent: 5, bandwidthMbps: 10 });
    const cleared = setLink(withLoss, 'browser-nginx', { lossPercent: undefined });
    expect(Object.keys(cleared.links.find((link) => link.id === 'browser-nginx')!)).not.toContain('lossPercent');
  });
});
