import { readFileSync } from 'node:fs';
import { expect, openExample, stepUntilCurrent, test } from './fixtures.ts';

/** Every example the Topologies menu lists, as public/topologies/index.json names them. */
const examples = (JSON.parse(readFileSync('public/topologies/index.json', 'utf8')) as { name: string; title: string }[]);

test.describe('every example runs in the app', () => {
  for (const { name, title } of examples) {
    test(`${name} opens and runs to its end`, async ({ page }) => {
      await openExample(page, `?topology=${name}`);
      await expect(page.getByRole('banner')).toContainText(title);
      await page.getByRole('button', { name: 'Run to end' }).click();
      await expect(page.getByRole('button', { name: 'Run to end' })).toBeDisabled({ timeout: 30_000 });
      await expect(page.getByRole('alert')).toHaveCount(0);
    });
  }
});

test('worker-timeout: the node shows the stuck worker killed, then a new one booting', async ({ page }) => {
  await openExample(page, '?topology=worker-timeout');
  const workers = page.getByRole('group', { name: 'Gunicorn, Gunicorn' }).getByRole('list', { name: 'Workers' }).getByRole('listitem');
  await stepUntilCurrent(page, /WORKER TIMEOUT/, 400);
  await expect(workers.filter({ hasText: 'busy' })).toHaveCount(1);
  // The process is gone once its socket closes: the kernel sends the FIN.
  await stepUntilCurrent(page, /8000 → \d+ \[FIN, ACK\]/, 10);
  await expect(workers.filter({ hasText: 'killed' })).toHaveCount(1);
  await stepUntilCurrent(page, /Booting worker/, 50);
  await expect(workers.filter({ hasText: 'booting' })).toHaveCount(1);
  await stepUntilCurrent(page, /pid 1081\) idle/, 20);
  await expect(workers.filter({ hasText: 'idle' })).toHaveCount(1);
});

test('upstream-down-502: the error log on the node says why nginx answered 502', async ({ page }) => {
  await openExample(page, '?topology=upstream-down-502');
  await page.getByRole('button', { name: 'Run to end' }).click();
  await expect(page.getByRole('button', { name: 'Run to end' })).toBeDisabled();
  const nginx = page.getByRole('group', { name: 'nginx, nginx' });
  await nginx.getByText(/^error\.log · \d+ lines$/).click();
  const log = nginx.getByRole('log', { name: 'nginx error.log' });
  await expect(log.getByRole('listitem').first()).toContainText('[error] connect() failed (111: Connection refused) while connecting to upstream');
  await expect(log.getByRole('listitem').filter({ hasText: 'no live upstreams while connecting to upstream' })).not.toHaveCount(0);
});
