import { expect, openExample, test } from './fixtures.ts';

test('FTP: the password travels in plain text, and the file comes on a second connection', async ({ page }) => {
  await openExample(page, '?topology=ftp-download');
  await page.getByRole('button', { name: 'Run to end' }).click();
  await expect(page.getByRole('button', { name: 'Run to end' })).toBeDisabled();
  await page.getByRole('combobox', { name: 'Protocol' }).selectOption({ label: 'FTP' });
  const log = page.getByRole('list', { name: 'Event log' });
  const inspector = page.getByRole('region', { name: 'Inspector' });

  await log.getByRole('button', { name: /curl → vsftpd \(sent\): Request: PASS secret/ }).click();
  await expect(inspector.getByText('File Transfer Protocol (FTP)')).toBeVisible();
  await expect(inspector.getByRole('definition').filter({ hasText: /^secret$/ })).toBeVisible();
  await expect(inspector.getByLabel('FTP line as sent', { exact: true })).toContainText('PASS secret');

  await log.getByRole('button', { name: /vsftpd → curl \(sent\): Response: 229 Entering Extended Passive Mode \(\|\|\|30000\|\)/ }).click();
  await expect(inspector.getByRole('definition').filter({ hasText: /^229$/ })).toBeVisible();

  // The file itself is on the data connection, from port 30000.
  await page.getByRole('combobox', { name: 'Protocol' }).selectOption({ label: 'FTP data' });
  await log.getByRole('button', { name: /vsftpd → curl \(sent\): FTP Data: 16 bytes of hello\.txt/ }).click();
  await expect(inspector.getByText('FTP Data', { exact: true })).toBeVisible();
  await inspector.getByText('Transmission Control Protocol', { exact: true }).click();
  await expect(inspector.getByRole('definition').filter({ hasText: /^30000$/ })).toBeVisible();
  await expect(page.getByRole('group', { name: 'curl, FTP client' })).toContainText('226 Transfer complete.');
});
