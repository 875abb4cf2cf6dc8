import { expect, openExample, test } from './fixtures.ts';

test.describe('offline', () => {
  test('after one visit, the app and its examples open with the network gone', async ({ page, context }) => {
    await openExample(page, '?topology=default');
    // The service worker caches the whole build while it installs on this first visit.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect
      .poll(() => page.evaluate(async () => (await caches.open('stackscope-v1')).match('topologies/https-tls13.json').then((hit) => hit !== undefined)))
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
