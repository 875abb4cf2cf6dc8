import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { KIND_INFO, NODE_KINDS } from '../../src/simulation/index.ts';
import { KIND_COLOURS, KindIcon } from '../canvas/kind-icons.tsx';
import { Palette } from './Palette.tsx';

describe('Palette', () => {
  const html = renderToStaticMarkup(createElement(Palette, { onAdd: () => {}, disabled: false }));
  const items = [...html.matchAll(/<div class="palette-item"[^>]*aria-label="([^"]*)"[^>]*>([\s\S]*?)<\/div><\/li>/g)];

  it('offers every kind the engine knows, once, each with its title and a one-line description', () => {
    expect(items).toHaveLength(NODE_KINDS.length);
    const labels = items.map((item) => item[1]);
    for (const kind of NODE_KINDS) {
      const { title, description } = KIND_INFO[kind];
      expect(description.length, `${kind}'s description`).toBeGreaterThan(10);
      expect(description, `${kind}'s description is one line`).not.toMatch(/\n/);
      expect(labels).toContain(`${title}: ${description}`.replaceAll('&', '&amp;').replaceAll('"', '&quot;'));
    }
  });

  it('draws an icon of its own for every kind, in a colour of its own', () => {
    const icons = NODE_KINDS.map((kind) => renderToStaticMarkup(createElement(KindIcon, { kind })));
    for (const [index, icon] of icons.entries()) expect(icon, `${NODE_KINDS[index]} has no drawing`).toMatch(/<(path|rect|circle|ellipse)/);
    expect(new Set(icons).size).toBe(NODE_KINDS.length);
    expect(new Set(NODE_KINDS.map((kind) => KIND_COLOURS[kind])).size).toBe(NODE_KINDS.length);
    for (const item of items) expect(item[2]).toContain('class="kind-icon"');
  });

  it('lets every item be dragged and reached with the keyboard', () => {
    for (const item of items) {
      expect(item[0]).toContain('draggable="true"');
      expect(item[0]).toContain('tabindex="0"');
      expect(item[0]).toContain('role="button"');
    }
  });
});
