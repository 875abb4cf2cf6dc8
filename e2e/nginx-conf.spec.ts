import { expect, openExample, test } from './fixtures.ts';

/** An nginx.conf as people paste one: a whole file, with an upstream block of equal servers and a log_format. */
const PASTED = `user www-data;
worker_processes auto;
events {
    worker_connections 768;
}
http {
    include /etc/nginx/mime.types;
    log_format upstreamlog '[$time_local] $host to: $upstream_addr: $request $status';
    access_log /var/log/nginx/access.log upstreamlog;
    upstream app {
        server app1:8000;
        server app2:8000;
    }
    server {
        listen 80;
        server_name example.com;
        location / {
            proxy_pass http://app;
        }
    }
}
`;

test.describe('nginx.conf as text', () => {
  test('paste an nginx.conf with an upstream block: the form and the run follow it', async ({ page }) => {
    await openExample(page, '?topology=nginx-weighted-upstream');
    await page.getByRole('group', { name: 'nginx, nginx' }).click();
    const settings = page.getByRole('region', { name: 'Settings' });
    await settings.getByRole('button', { name: 'nginx.conf text' }).click();
    const text = settings.getByRole('textbox', { name: 'nginx.conf' });
    // The text follows the form: the weight=3 the example sets.
    await expect(text).toHaveValue(/server app1:8000 weight=3;/);

    await text.fill(PASTED);
    await settings.getByRole('button', { name: 'Apply nginx.conf' }).click();
    await expect(settings.getByRole('status')).toContainText('Applied');
    await expect(text).toHaveValue(/server app1:8000;\n\s+server app2:8000;/);

    // The form shows the same settings: no weight any more.
    await settings.getByRole('button', { name: 'Form' }).click();
    await expect(settings.getByRole('textbox', { name: 'weight in server 1 of upstream 1' })).toHaveValue('');

    // Equal weights take turns, in the pasted log_format.
    await page.getByRole('button', { name: 'Run to end' }).click();
    await expect(page.getByRole('button', { name: 'Run to end' })).toBeDisabled();
    const nginx = page.getByRole('group', { name: 'nginx, nginx' });
    await nginx.getByText(/^access\.log · \d+ lines$/).click();
    const lines = await nginx.getByRole('log', { name: 'nginx access.log' }).getByRole('listitem').allTextContents();
    expect(lines[0]).toMatch(/^\[\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] example\.com to: 10\.0\.0\.3:8000: GET \/ HTTP\/1\.1 200$/);
    expect(lines.map((line) => (line.includes('10.0.0.3:8000') ? 'A' : 'B')).join('')).toMatch(/^ABAB/);
  });

  test('a broken file is refused with its line and column, and the text is kept', async ({ page }) => {
    await openExample(page, '?topology=nginx-weighted-upstream');
    await page.getByRole('group', { name: 'nginx, nginx' }).click();
    const settings = page.getByRole('region', { name: 'Settings' });
    await settings.getByRole('button', { name: 'nginx.conf text' }).click();
    const text = settings.getByRole('textbox', { name: 'nginx.conf' });
    const broken = 'upstream app {\n    server app1:8000;\n}\nserver {\n    listen 80;\n    location / {\n        proxy_pas http://app;\n    }\n}\n';
    await text.fill(broken);
    await settings.getByRole('button', { name: 'Apply nginx.conf' }).click();
    const alert = settings.getByRole('alert');
    await expect(alert).toContainText('line 7, column 9');
    await expect(alert).toContainText('unknown directive "proxy_pas"');
    await expect(text).toHaveValue(broken);
    await expect(text).toHaveAttribute('aria-invalid', 'true');

    // Nothing changed: the example's weight=3 is still there once the text is reverted.
    await settings.getByRole('button', { name: 'Revert to the current settings' }).click();
    await expect(text).toHaveValue(/server app1:8000 weight=3;/);
  });
});
