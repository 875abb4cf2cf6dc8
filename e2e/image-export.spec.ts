import { readFileSync } from 'node:fs';
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

  test('SVG with every node and link, without the packets of the moment', async ({ page }) => {
    await openExample(page, '?topology=default&event=30');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG' }).click()]);
    expect(download.suggestedFilename()).toBe('flask-behind-nginx.svg');
    const svg = readFileSync((await download.path())!, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    for (const label of ['Browser', 'DNS resolver', 'nginx', 'Gunicorn', 'Flask', 'PostgreSQL']) expect(svg).toContain(label);
    // Links are drawn with their own colour; packets of the moment are left out.
    expect(svg).toContain('stroke: rgb(152, 162, 179)');
    expect(svg).not.toMatch(/class="packet[^"]*"(?![^>]*display="none")/);
  });
});
