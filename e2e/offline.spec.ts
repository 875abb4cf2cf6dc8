import { expect, openExample, test } from './fixtures.ts';

test.describe('offline', () => {
  test('after one visit, the app and its examples open with the network gone', async ({ page, context }) => {
    await openExample(page, '?topology=default');
    // The service worker caches the whole build while it installs on this first visit.
    // The e2e project has no DOM types: the page's globals are described here.
    type PageGlobals = { navigator: { serviceWorker: { ready: Promise<unknown> } }; caches: { open(name: string): Promise<{ match(url: string): Promise<unknown> }> } };
    await page.evaluate(async () => {
      await (globalThis as unknown as PageGlobals).navigator.serviceWorker.ready;
    });
    await expect
      .poll(() => page.evaluate(async () => (await (await (globalThis as unknown as PageGlobals).caches.open('stackscope-v1')).match('topologies/https-tls13.json')) !== undefined))
      .toBe(true);
    await context.setOffline(true);
    // An example this visit never opened, and the page reloaded from nothing but the cache.
    await openExample(page, '?topology=https-tls13');
    await expect(page.getByText('HTTPS with TLS 1.3').first()).toBeVisible();
    await page.getByRole('button', { name: 'Run to end' }).click();
    await page.getByRole('tab', { name: 'Browser' }).click();
    await expect(page.getByRole('region', { name: 'Browser window' })).toContainText('Hello over HTTPS.');
    await context.setOffline(false);
  });
});
