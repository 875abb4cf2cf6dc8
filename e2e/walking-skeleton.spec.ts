import { expect, openExample, stepUntilCurrent, test } from './fixtures.ts';

test.describe('one page load through the default stack', () => {
  test('a first visit opens the default stack with its six nodes', async ({ page }) => {
    await page.goto('/');
    const canvas = page.getByRole('region', { name: 'Canvas' });
    for (const name of ['Browser, Browser', 'DNS resolver, DNS resolver', 'nginx, nginx', 'Gunicorn, Gunicorn', 'Flask, Flask', 'PostgreSQL, PostgreSQL']) {
      await expect(canvas.getByRole('group', { name })).toBeVisible();
    }
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Flask behind nginx');
    await expect(page).toHaveURL(/\?topology=default$/);
  });

  test('stepping forward carries the response back to the browser, with every event inspectable', async ({ page }) => {
    await openExample(page);
    const log = page.getByRole('list', { name: 'Event log' });
    const inspector = page.getByRole('region', { name: 'Inspector' });

    await stepUntilCurrent(page, /HTTP\/1\.0 200 OK/);
    // Gunicorn answered nginx: the worker is idle again and nginx holds the response.
    await expect(log.locator('[aria-current="step"]')).toContainText('Gunicorn → nginx (sent)');

    await stepUntilCurrent(page, /nginx → Browser \(arrives\)/);
    const current = log.locator('[aria-current="step"]');
    await expect(current).toContainText('HTTP/1.1 200 OK');
    await expect(current).toContainText('nginx → Browser (arrives)');

    // The inspector follows the current event: IP, TCP and HTTP, with the raw response.
    await expect(inspector.getByText('Internet Protocol version 4')).toBeVisible();
    await expect(inspector.getByText('Transmission Control Protocol')).toBeVisible();
    await expect(inspector.getByText('Hypertext Transfer Protocol')).toBeVisible();
    await expect(inspector.getByRole('cell', { name: 'Server', exact: true })).toBeVisible();
    await expect(inspector.getByLabel('Raw HTTP', { exact: true })).toContainText('HTTP/1.1 200 OK');

    // Clicking an earlier event opens it instead: the DNS query, with its question.
    await log.getByRole('button', { name: /\(sent\): Standard query 0x[0-9a-f]{4} A example\.com$/ }).click();
    await expect(inspector.getByText('Domain Name System')).toBeVisible();
    await expect(inspector.getByRole('cell', { name: 'example.com' })).toBeVisible();

    // One more step: the page has loaded, and the browser node says so.
    await page.getByRole('button', { name: 'Step forward' }).click();
    await expect(page.getByRole('group', { name: 'Browser, Browser' })).toContainText('200');
  });

  test('stepping back restores the earlier state of the nodes', async ({ page }) => {
    await openExample(page);
    const gunicorn = page.getByRole('group', { name: 'Gunicorn, Gunicorn' });
    await expect(gunicorn).toContainText('0 of 2 workers busy');

    await stepUntilCurrent(page, /Worker 1 \(pid \d+\) busy/);
    await expect(gunicorn).toContainText('1 of 2 workers busy');
    await expect(gunicorn.getByRole('list', { name: 'Workers' }).getByRole('listitem').first()).toContainText('busy');

    await page.getByRole('button', { name: 'Step back' }).click();
    await expect(gunicorn).toContainText('0 of 2 workers busy');
    await expect(page.getByRole('list', { name: 'Event log' }).locator('[aria-current="step"]')).toContainText('GET / HTTP/1.0');
  });

  test('a packet on the canvas opens its message in the inspector', async ({ page }) => {
    await openExample(page);
    await stepUntilCurrent(page, /\[SYN\]/);
    const packet = page.getByRole('button', { name: /^Packet #\d+: \d+ → 80 \[SYN\]/ });
    await expect(packet).toBeVisible();
    await page.getByRole('list', { name: 'Event log' }).getByRole('button').first().click();
    await packet.click();
    await expect(page.getByRole('region', { name: 'Inspector' })).toContainText('Flags');
    await expect(page.getByRole('region', { name: 'Inspector' }).getByText('SYN', { exact: true })).toBeVisible();
  });

  test('play runs the page load by itself, and pause stops it', async ({ page }) => {
    await openExample(page);
    // Slow enough (2 ms of virtual time per second) that the run is still going when paused.
    await page.getByRole('slider', { name: 'Speed' }).fill('2');
    await page.getByRole('button', { name: 'Play' }).click();
    const pause = page.getByRole('button', { name: 'Pause' });
    await expect(pause).toBeVisible();
    const position = page.getByLabel('Run position');
    await expect(position).not.toContainText(/event 0 of/);
    await pause.click();
    await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
    const pausedAt = await position.textContent();
    await page.waitForTimeout(400);
    await expect(position).toHaveText(pausedAt ?? '');

    // Played to the end at the fastest speed, the run stops by itself: the page loaded, and
    // the 75 s nginx waits before closing the idle connection took about a second, not minutes.
    await page.getByRole('slider', { name: 'Speed' }).fill('7');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect(page.getByRole('button', { name: 'Play' })).toBeVisible({ timeout: 30_000 });
    await expect(position).toHaveText(/event (\d+) of \1$/);
    await expect(page.getByRole('list', { name: 'Event log' })).toContainText('Page loaded: 200 OK');
  });

  test('the address bar keeps the moment of the run, and a reload comes back to it', async ({ page }) => {
    await openExample(page);
    await stepUntilCurrent(page, /GET \/ HTTP\/1\.1/);
    await expect(page).toHaveURL(/[?&]event=\d+/);
    const url = page.url();
    const current = await page.getByRole('list', { name: 'Event log' }).locator('[aria-current="step"]').textContent();
    await page.reload();
    await expect(page.getByRole('list', { name: 'Event log' }).locator('[aria-current="step"]')).toHaveText(current ?? '');
    expect(page.url()).toBe(url);
  });

  test('the keyboard drives the run', async ({ page }) => {
    await openExample(page);
    await page.getByRole('region', { name: 'Canvas' }).click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByLabel('Run position')).toContainText('event 2 of');
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByLabel('Run position')).toContainText('event 1 of');
    await page.keyboard.press('Home');
    await expect(page.getByLabel('Run position')).toContainText('event 0 of');
  });

  test('an unknown example gets a clear message and a way back', async ({ page }) => {
    await page.goto('/?topology=no-such-stack');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The example “no-such-stack” could not be opened');
    await expect(alert).toContainText('There is no example with that name.');
    await alert.getByRole('link', { name: 'Open the default stack' }).click();
    await expect(page.getByRole('group', { name: 'nginx, nginx' })).toBeVisible();
  });
});
