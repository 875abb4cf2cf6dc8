import { expect, openExample, test } from './fixtures.ts';

test('nginx-weighted-upstream: the access log on the node names app1, app1, app2, app1 …, as nginx’s weights say', async ({ page }) => {
  await openExample(page, '?topology=nginx-weighted-upstream');
  await page.getByRole('button', { name: 'Run to end' }).click();
  await expect(page.getByRole('button', { name: 'Run to end' })).toBeDisabled();
  const nginx = page.getByRole('group', { name: 'nginx, nginx' });
  await nginx.getByText(/^access\.log · 9 lines$/).click();
  const log = nginx.getByRole('log', { name: 'nginx access.log' });
  await expect(log.getByRole('listitem')).toHaveCount(9);
  const upstreams = (await log.getByRole('listitem').allTextContents()).map((line) => (line.endsWith('upstream=10.0.0.3:8000') ? 'A' : line.endsWith('upstream=10.0.0.4:8000') ? 'B' : '?'));
  expect(upstreams.join('')).toBe('AABAAABAA');
  await expect(log.getByRole('listitem').first()).toContainText('"GET / HTTP/1.1" 200');
});

test('nginx-dns-round-robin: nginx looks the service up at startup, and its access log names each replica in turn', async ({ page }) => {
  await openExample(page, '?topology=nginx-dns-round-robin');
  await page.getByRole('button', { name: 'Run to end' }).click();
  await expect(page.getByRole('button', { name: 'Run to end' })).toBeDisabled();
  const nginx = page.getByRole('group', { name: 'nginx, nginx' });
  await expect(nginx).toContainText('172.18.0.3:80, 172.18.0.2:80, 172.18.0.4:80');
  await nginx.getByText(/^access\.log · 7 lines$/).click();
  const lines = await nginx.getByRole('log', { name: 'nginx access.log' }).getByRole('listitem').allTextContents();
  expect(lines.map((line) => line.replace(/^.*upstream=172\.18\.0\.(\d):80$/, '$1'))).toEqual(['3', '2', '4', '3', '2', '4', '3']);
});
