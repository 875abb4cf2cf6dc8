import { expect, openExample, test } from './fixtures.ts';

test.describe('the packet inspector', () => {
  test('a click on a field explains it in one sentence', async ({ page }) => {
    await openExample(page, '?topology=default&event=11');
    const inspector = page.getByRole('region', { name: 'Inspector' });
    await expect(inspector).toContainText('GET / HTTP/1.1');
    // The application layer starts open; the TCP layer under it opens on a click.
    await inspector.getByText('Transmission Control Protocol').click();
    const flags = inspector.getByRole('button', { name: 'Flags' });
    await flags.click();
    await expect(flags).toHaveAttribute('aria-expanded', 'true');
    await expect(inspector.getByText(/^What the segment does: SYN opens a connection/)).toBeVisible();
  });

  test('the event log filters by protocol and by layer', async ({ page }) => {
    await openExample(page, '?topology=default&event=51');
    const log = page.getByRole('list', { name: 'Event log' });
    await expect(log.getByRole('listitem')).toHaveCount(52);
    await page.getByRole('combobox', { name: 'Protocol' }).selectOption({ label: 'HTTP' });
    await expect(log.getByRole('listitem')).toHaveCount(8);
    await expect(page.getByText('8 of 52 events match')).toBeVisible();
    await page.getByRole('combobox', { name: 'Protocol' }).selectOption({ label: 'All' });
    await page.getByRole('combobox', { name: 'Layer' }).selectOption({ label: 'UDP' });
    await expect(log.getByRole('listitem')).toHaveCount(4);
    for (const item of await log.getByRole('listitem').all()) await expect(item).toContainText('Standard query');
  });

  test('the raw form can be copied exactly', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openExample(page, '?topology=default&event=50');
    const inspector = page.getByRole('region', { name: 'Inspector' });
    await inspector.getByRole('button', { name: 'Copy Raw HTTP' }).click();
    await expect(inspector.getByText('Copied')).toBeVisible();
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(copied.startsWith('HTTP/1.1 200 OK\r\nServer: nginx')).toBe(true);
  });
});
