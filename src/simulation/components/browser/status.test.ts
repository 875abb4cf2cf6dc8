import { describe, expect, it } from 'vitest';
import { createPlayback, nodeStatus, runToEnd, type TopologyDocument } from '../../index.ts';
import { example } from '../../test-support/documents.node.ts';

function withBrowserConfig(document: TopologyDocument, change: Record<string, unknown>): TopologyDocument {
  return { ...document, nodes: document.nodes.map((node) => (node.kind === 'browser' ? { ...node, config: { ...node.config, ...change } } : node)) };
}

const detail = (document: TopologyDocument, label: string) =>
  nodeStatus(runToEnd(createPlayback(document)), 'browser')?.details.find((entry) => entry.label === label)?.value;

describe('the browser node’s status', () => {
  it('lists the OS’s DNS cache when Chromium’s own cache is off, since that is the one that answers', () => {
    expect(detail(withBrowserConfig(example('default'), { hostCache: false }), 'OS DNS cache')).toBe('example.com → 10.0.0.2');
    expect(detail(example('default'), 'OS DNS cache')).toBeUndefined();
  });
});
