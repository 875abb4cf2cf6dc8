import { describe, expect, it } from 'vitest';
import { importDocument } from '../../src/simulation/index.ts';
import { example } from '../../src/simulation/test-support/documents.node.ts';
import { exportFileName, exportText } from './file-actions.ts';

describe('export', () => {
  it('names the file after the topology', () => {
    expect(exportFileName('Flask behind nginx')).toBe('flask-behind-nginx.stackscope.json');
    expect(exportFileName('***')).toBe('topology.stackscope.json');
    expect(exportFileName('Café au lait', 'png')).toBe('cafe-au-lait.png');
  });

  it('writes a document that imports back to the same document', () => {
    const document = example('default');
    expect(importDocument(exportText(document))).toEqual({ ok: true, document });
  });
});
