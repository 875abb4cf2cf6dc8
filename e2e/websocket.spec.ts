import { expect, openExample, test } from './fixtures.ts';

test.describe('WebSocket, as a person watches it', () => {
  test('frames flow both ways through nginx: masked from the browser, plain from the server, and the tab lists them', async ({ page }) => {
    await openExample(page, '?topology=websocket-chat');
    await page.getByRole('button', { name: 'Run to end' }).click();
    await expect(page.getByRole('button', { name: 'Run to end' })).toBeDisabled();
    await page.getByRole('combobox', { name: 'Protocol' }).selectOption({ label: 'WebSocket' });
    const log = page.getByRole('list', { name: 'Event log' });
    const inspector = page.getByRole('region', { name: 'Inspector' });

    // The browser's frame: masked, with the key it was masked with and the text unmasked.
    await log.getByRole('button', { name: /Browser → nginx \(sent\): WebSocket Text \[FIN\] \[MASKED\]: Hello/ }).click();
    await expect(inspector.getByText('WebSocket', { exact: true })).toBeVisible();
    await expect(inspector.getByRole('definition').filter({ hasText: /^Text \(1\)$/ })).toBeVisible();
    await expect(inspector.getByRole('definition').filter({ hasText: /^([0-9a-f]{2} ){3}[0-9a-f]{2}$/ })).toBeVisible();
    await expect(inspector.getByRole('definition').filter({ hasText: /^Hello$/ })).toBeVisible();

    // The server's echo, the other way: not masked.
    await log.getByRole('button', { name: /nginx → Browser \(sent\): WebSocket Text \[FIN\]: echo: Hello/ }).click();
    await expect(inspector.getByRole('definition').filter({ hasText: /^echo: Hello$/ })).toBeVisible();
    await expect(inspector.getByLabel('Frame bytes', { exact: true })).toContainText('81 0b 65 63 68 6f 3a 20 48 65 6c 6c 6f');

    // The tab: the socket closed normally, every frame listed in order.
    await page.getByRole('tab', { name: 'Browser' }).click();
    const browser = page.getByRole('region', { name: 'Browser' });
    await expect(browser.getByText(/new WebSocket\('ws:\/\/example\.com\/ws\/chat'\): Closed · handshake answered 101 · close code 1000/)).toBeVisible();
    const messages = browser.getByRole('table', { name: 'WebSocket messages' });
    await expect(messages.getByRole('row')).toHaveCount(9);
    await expect(messages.getByRole('row').nth(1)).toContainText('Sent: Hello');
    await expect(messages.getByRole('row').nth(2)).toContainText('Received: echo: Hello');
    await expect(messages.getByRole('row').filter({ hasText: '(ping)' })).toContainText('Received');
    await expect(messages.getByRole('row').filter({ hasText: '(pong)' })).toContainText('Sent');
  });

  test('without the Upgrade headers, the page’s console says the handshake failed with 400', async ({ page }) => {
    await openExample(page, '?topology=websocket-proxy-missing-upgrade');
    await page.getByRole('button', { name: 'Run to end' }).click();
    await expect(page.getByRole('button', { name: 'Run to end' })).toBeDisabled();
    await page.getByRole('tab', { name: 'Browser' }).click();
    const browser = page.getByRole('region', { name: 'Browser' });
    await expect(browser.getByRole('alert')).toContainText("WebSocket connection to 'ws://example.com/ws/chat' failed: Error during WebSocket handshake: Unexpected response code: 400");
    await expect(browser.getByRole('table', { name: 'WebSocket messages' })).toContainText('No frames yet.');
  });
});
