import { expect, openExample, test } from './fixtures.ts';

test('TLS 1.2 and 1.3 side by side: the same page, both handshakes, the round trips counted', async ({ page }) => {
  await openExample(page, '?topology=https-tls13');
  await page.getByRole('tab', { name: 'Browser' }).click();
  await page.getByRole('button', { name: 'Compare TLS 1.2 and 1.3' }).click();
  const dialog = page.getByRole('dialog', { name: 'TLS 1.2 and TLS 1.3, side by side' });
  await expect(dialog).toContainText('https://example.com/');
  const bars = dialog.getByRole('list', { name: 'Time until the page arrives' });
  await expect(bars.getByRole('listitem').nth(0)).toContainText('TLS 1.2');
  await expect(bars.getByRole('listitem').nth(0)).toContainText('2 TLS round trips + 1 for TCP');
  await expect(bars.getByRole('listitem').nth(1)).toContainText('1 TLS round trip + 1 for TCP');
  await expect(dialog).toContainText('TLS 1.3 needs 1 round trip fewer before the request: the page arrives 20 ms sooner here');
  const tls12 = dialog.getByRole('region', { name: 'TLS 1.2 messages' });
  const tls13 = dialog.getByRole('region', { name: 'TLS 1.3 messages' });
  await expect(tls12).toContainText('Server Hello, Certificate, Server Key Exchange, Server Hello Done');
  await expect(tls12).toContainText('Round trip 3: TLS handshake');
  await expect(tls13).toContainText('Server Hello, Change Cipher Spec, Encrypted Extensions, Certificate, Certificate Verify, Finished');
  await expect(tls13).not.toContainText('Round trip 3');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('a stack without https:// offers no comparison', async ({ page }) => {
  await openExample(page);
  await page.getByRole('tab', { name: 'Browser' }).click();
  await expect(page.getByRole('button', { name: 'Compare TLS 1.2 and 1.3' })).toHaveCount(0);
});
