import { it } from 'vitest';
import LZString from 'lz-string';
import { encodeShare, decodeShare } from './share.ts';
import { example } from '../test-support/documents.node.ts';
import { measureLzUri } from './lz-measure.ts';
it('scratch', () => {
  const doc = example('default');
  const p = encodeShare(doc);
  console.log(p.length, JSON.stringify(doc).length, decodeShare('#share=' + p).ok, measureLzUri(p, 1e9));
  // big doc: 500 nodes, 2000 links
  const nodes = [], links = [];
  const kinds = ['nginx', 'gunicorn', 'postgres', 'dns-resolver'] as const;
  for (let i = 0; i < 500; i++) nodes.push({ id: `node-${i}`, kind: kinds[i % 4], label: `Server number ${i}`, position: { x: (i * 137) % 2000, y: (i * 71) % 1500 }, config: { address: `10.${i >> 8}.${i & 255}.7` } });
  for (let i = 0; i < 2000; i++) { const a = i % 500, b = (i * 7 + 1) % 500; links.push({ id: `link-${i}`, from: `node-${a}`, to: `node-${b === a ? (b + 1) % 500 : b}`, latencyMs: (i % 17) + 0.5 }); }
  const r = decodeShare(LZString.compressToEncodedURIComponent(JSON.stringify({ format: 'stackscope.topology', version: 1, nodes, links })));
  if (!r.ok) { console.log(r.errors.slice(0, 3)); return; }
  let t = Date.now();
  const big = encodeShare(r.document);
  console.log('big', JSON.stringify(r.document).length, big.length, 'encode ms', Date.now() - t);
  t = Date.now(); const back = decodeShare(big); console.log('decode ms', Date.now() - t, back.ok);
});
