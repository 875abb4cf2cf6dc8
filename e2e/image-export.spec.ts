import { readFileSync, writeFileSync } from 'node:fs';
import { expect, openExample, test } from './fixtures.ts';

test.describe('image export', () => {
  test('PNG of the whole canvas, named after the topology', async ({ page }) => {
    await openExample(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PNG' }).click()]);
    expect(download.suggestedFilename()).toBe('flask-behind-nginx.png');
    const bytes = readFileSync((await download.path())!);
    // The PNG signature, then an IHDR chunk whose width is at least the graph's.
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.readUInt32BE(16)).toBeGreaterThan(800);
  });

  test('SVG of plain shapes and text that a slide program can draw, without the packets of the moment', async ({ page }, testInfo) => {
    await openExample(page, '?topology=default&event=30');
    // A packet is on its way at this moment, on screen.
    await expect(page.locator('.packet').first()).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG' }).click()]);
    expect(download.suggestedFilename()).toBe('flask-behind-nginx.svg');
    const svg = readFileSync((await download.path())!, 'utf8');
    writeFileSync(testInfo.outputPath('exported.svg'), svg);
    expect(svg.startsWith('<svg')).toBe(true);
    // No HTML inside: PowerPoint, Keynote and Inkscape do not draw <foreignObject>.
    expect(svg).not.toContain('foreignObject');
    const texts = [...svg.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((match) => match[1]!.replace(/<[^>]+>/g, '').trim());
    for (const label of ['Browser', 'DNS resolver', 'nginx', 'Gunicorn', 'Flask', 'PostgreSQL']) expect(texts).toContain(label);
    // The links are drawn as paths; the packets of the moment are left out.
    expect(svg).toMatch(/<path[^>]*react-flow__edge-path/);
    expect(svg).not.toMatch(/class="(?:[^"]*\s)?packet(?:\s[^"]*)?"/);

    // Drawn on its own, it shows the whole graph at its own size.
    const picture = await page.context().newPage();
    await picture.setContent(`<body style="margin:0">${svg}</body>`);
    const box = await picture.locator('svg').first().boundingBox();
    expect(box!.width).toBeGreaterThan(800);
    await expect(picture.getByText('PostgreSQL', { exact: true }).first()).toBeVisible();
    await picture.screenshot({ path: testInfo.outputPath('exported.png'), fullPage: true });
  });
});
