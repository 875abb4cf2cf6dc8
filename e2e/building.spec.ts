import type { Locator, Page } from '@playwright/test';
import { expect, stepUntilCurrent, test } from './fixtures.ts';

/** Starts from an empty topology of the person's own. */
async function newTopology(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Step forward' })).toBeEnabled();
  await page.getByRole('button', { name: 'Topologies' }).click();
  await page.getByRole('dialog', { name: 'Topologies' }).getByRole('button', { name: 'New topology' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Untitled topology');
}

function paletteItem(page: Page, title: string): Locator {
  return page.getByRole('region', { name: 'Palette' }).getByRole('button', { name: new RegExp(`^${title}:`) });
}

function node(page: Page, label: string, kind: string): Locator {
  return page.getByRole('region', { name: 'Canvas' }).getByRole('group', { name: `${label}, ${kind}` });
}

/** Presses Tab (or Shift+Tab) until the control has the focus, as a keyboard user gets there. */
async function tabTo(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let presses = 0; presses < 80; presses++) {
    if (await target.evaluate((element) => element === element.ownerDocument.activeElement)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`80 presses of ${key} never reached ${target.toString()}`);
}

/** Drags a kind from the palette to a point on the canvas. */
async function dropKind(page: Page, title: string, x: number, y: number): Promise<void> {
  const canvas = page.locator('.react-flow__pane');
  await paletteItem(page, title).dragTo(canvas, { targetPosition: { x, y } });
}

/** Drags from one node's right handle onto another node, as a person wires them. */
async function wire(page: Page, from: Locator, to: Locator): Promise<void> {
  await from.hover();
  const handle = from.locator('.react-flow__handle-right');
  const start = (await handle.boundingBox())!;
  const end = (await to.boundingBox())!;
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width / 2, end.y + 10, { steps: 12 });
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 4 });
  await page.mouse.up();
}

test.describe('building a stack', () => {
  test('drag and drop the default stack from an empty canvas, configure it, run it', async ({ page }) => {
    test.setTimeout(120_000);
    await newTopology(page);
    // Clear of the minimap in the canvas's bottom-right corner.
    await dropKind(page, 'Browser', 90, 70);
    await dropKind(page, 'nginx', 340, 70);
    await dropKind(page, 'Gunicorn', 590, 70);
    await dropKind(page, 'DNS resolver', 90, 280);
    await dropKind(page, 'PostgreSQL', 340, 280);
    await dropKind(page, 'Flask', 590, 280);
    await page.getByRole('button', { name: 'Fit View' }).click();

    const browser = node(page, 'Browser', 'Browser');
    await wire(page, browser, node(page, 'DNS resolver', 'DNS resolver'));
    await wire(page, browser, node(page, 'nginx', 'nginx'));
    await wire(page, node(page, 'nginx', 'nginx'), node(page, 'Gunicorn', 'Gunicorn'));
    await wire(page, node(page, 'Gunicorn', 'Gunicorn'), node(page, 'Flask', 'Flask'));
    await wire(page, node(page, 'Flask', 'Flask'), node(page, 'PostgreSQL', 'PostgreSQL'));
    await expect(page.locator('.react-flow__edge')).toHaveCount(5);

    // The browser asks for example.com: the resolver needs an A record pointing at nginx.
    await node(page, 'DNS resolver', 'DNS resolver').click();
    const settings = page.getByRole('region', { name: 'Settings' });
    await settings.getByRole('button', { name: /^Add record/ }).click();
    await settings.getByLabel('name in record 1', { exact: true }).fill('example.com');
    await settings.getByLabel('address in record 1', { exact: true }).fill('10.0.0.2');

    await expect(page.getByText(/Fix \d+ problems? to run/)).toHaveCount(0);
    await stepUntilCurrent(page, /Page loaded: 200 OK/, 80);
    await expect(node(page, 'Browser', 'Browser')).toContainText('200');
  });

  test('a link that makes no sense is refused, with the reason', async ({ page }) => {
    await newTopology(page);
    await dropKind(page, 'Browser', 150, 150);
    await dropKind(page, 'PostgreSQL', 600, 150);
    await wire(page, node(page, 'Browser', 'Browser'), node(page, 'PostgreSQL', 'PostgreSQL'));
    await expect(page.getByRole('alert').filter({ hasText: 'A browser reaches a database only through an application.' })).toBeVisible();
    await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  });

  test('the keyboard alone builds, wires and configures a small stack', async ({ page }) => {
    await newTopology(page);
    // Only key presses from here: Tab to reach a control, Enter to press it, typing to fill it.
    for (const title of ['Gunicorn', 'Flask']) {
      await tabTo(page, paletteItem(page, title));
      await page.keyboard.press('Enter');
    }
    await expect(node(page, 'Flask', 'Flask')).toBeVisible();
    // Flask was added last, so it is selected and its settings are open.
    const settings = page.getByRole('region', { name: 'Settings' });
    const connectTo = settings.getByLabel('Connect to');
    await tabTo(page, connectTo);
    while ((await connectTo.inputValue()) === '') await page.keyboard.press('ArrowDown');
    await expect(connectTo.locator('option:checked')).toHaveText('Gunicorn (Gunicorn)');
    await tabTo(page, settings.getByRole('button', { name: 'Connect' }));
    await page.keyboard.press('Enter');
    await expect(page.locator('.react-flow__edge')).toHaveCount(1);

    const name = settings.getByLabel('Name', { exact: true });
    await tabTo(page, name, 'Shift+Tab');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Blog app');
    await expect(node(page, 'Blog app', 'Flask')).toBeVisible();

    // A setting of the kind itself: reach Gunicorn on the canvas, select it with Enter, set workers.
    await tabTo(page, page.locator('.react-flow__node', { has: page.getByRole('group', { name: 'Gunicorn, Gunicorn' }) }), 'Shift+Tab');
    await page.keyboard.press('Enter');
    const workers = settings.getByLabel('workers', { exact: true });
    await tabTo(page, workers);
    await page.keyboard.press('Control+a');
    await page.keyboard.type('3');
    await expect(node(page, 'Gunicorn', 'Gunicorn')).toContainText('0 of 3 workers busy');
    await expect(workers).toHaveValue('3');
  });

  test('undo and redo go back and forth across a dozen edits', async ({ page }) => {
    await newTopology(page);
    const kinds = ['Browser', 'DNS resolver', 'nginx', 'Gunicorn', 'Flask', 'PostgreSQL', 'Gunicorn', 'Flask', 'nginx'];
    for (const title of kinds) {
      await paletteItem(page, title).focus();
      await page.keyboard.press('Enter');
    }
    await page.getByRole('region', { name: 'Canvas' }).click({ position: { x: 10, y: 10 } });
    const nodes = page.getByRole('region', { name: 'Canvas' }).locator('.stack-node');
    await expect(nodes).toHaveCount(9);
    const settingsName = page.getByLabel('Topology name');
    for (const name of ['One', 'Two', 'Three']) {
      await settingsName.fill(name);
      await settingsName.blur();
      await page.waitForTimeout(1300); // past the window in which typing is one undo step
    }
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Three');
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    // Nine nodes added and three renames: twelve edits, undone one by one.
    for (let step = 0; step < 12; step++) await page.keyboard.press('Control+z');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Untitled topology');
    await expect(nodes).toHaveCount(0);
    for (let step = 0; step < 12; step++) await page.keyboard.press('Control+Shift+z');
    await expect(nodes).toHaveCount(9);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Three');
  });
});

test('a link’s settings: latency, bandwidth and loss change the run', async ({ page }) => {
  await page.goto('/?topology=default');
  await expect(page.getByRole('button', { name: 'Step forward' })).toBeEnabled();
  await page.locator('.react-flow__edge[data-id="browser-nginx"] .react-flow__edge-interaction').click({ force: true });
  const settings = page.getByRole('region', { name: 'Settings' });
  await expect(settings.getByRole('heading', { name: 'Link: Browser → nginx' })).toBeVisible();
  await settings.getByLabel('Packet loss (%)').fill('150');
  await expect(settings.getByText('Packet loss must be from 0 to 100')).toBeVisible();
  await settings.getByLabel('Packet loss (%)').fill('100');
  await expect(page.getByText('saved in this browser')).toBeVisible();
  // The browser's SYN leaves, and is lost on the link.
  await stepUntilCurrent(page, /Browser → nginx \(dropped\)/, 20);
  await expect(page.getByRole('list', { name: 'Event log' }).locator('[aria-current="step"]')).toContainText('[SYN]');
});

test('moving a node, by mouse or by arrow keys, is saved and can be undone', async ({ page }) => {
  await page.goto('/?topology=default');
  const dns = page.getByRole('group', { name: 'DNS resolver, DNS resolver' });
  await expect(dns).toBeVisible();
  const before = (await dns.boundingBox())!;
  await dns.hover();
  await page.mouse.down();
  await page.mouse.move(before.x + before.width / 2 + 120, before.y + before.height / 2 + 10, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByText('saved in this browser')).toBeVisible();
  const dragged = (await dns.boundingBox())!;
  expect(dragged.x).toBeGreaterThan(before.x + 60);
  // The node is selected and focused after the drag: arrow keys move it, and do not step the run.
  await page.locator('.react-flow__node[data-id="dns"]').focus();
  for (let step = 0; step < 3; step++) await page.keyboard.press('ArrowRight');
  await expect(page.getByLabel('Run position')).toContainText('event 0 of');
  await expect.poll(async () => (await dns.boundingBox())!.x).toBeGreaterThan(dragged.x + 10);
  const moved = (await dns.boundingBox())!.x;
  // The three key presses are one step of undo.
  await page.keyboard.press('Control+z');
  await expect.poll(async () => Math.round((await dns.boundingBox())!.x)).toBe(Math.round(dragged.x));
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(async () => Math.round((await dns.boundingBox())!.x)).toBe(Math.round(moved));
  // After a reload the view fits again, so compare with the Browser node, which did not move.
  const offset = async () => (await dns.boundingBox())!.x - (await page.getByRole('group', { name: 'Browser, Browser' }).boundingBox())!.x;
  const offsetBefore = await offset();
  const zoomBefore = (await dns.boundingBox())!.width;
  await page.reload();
  await expect(dns).toBeVisible();
  const zoomAfter = (await dns.boundingBox())!.width;
  expect((await offset()) / zoomAfter).toBeCloseTo(offsetBefore / zoomBefore, 1);
});

test('a configuration edit is undone and redone with the keys, inside the field too', async ({ page }) => {
  await page.goto('/?topology=default');
  await expect(page.getByRole('button', { name: 'Step forward' })).toBeEnabled();
  await page.getByRole('region', { name: 'Canvas' }).locator('.stack-node', { hasText: 'Gunicorn' }).click();
  const settings = page.getByRole('region', { name: 'Settings' });
  const workers = settings.getByLabel('workers', { exact: true });
  const before = await workers.inputValue();
  await workers.fill('7');
  await expect(page.getByText('saved in this browser')).toBeVisible();
  // Still in the field: Ctrl+Z undoes the document edit, and the field shows the old value.
  await workers.press('Control+z');
  await expect(workers).toHaveValue(before);
  // It was the document's undo, not the field's: out on the canvas, redo brings the edit back.
  await workers.blur();
  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('Control+Shift+z');
  const gunicorn = page.getByRole('region', { name: 'Canvas' }).locator('.stack-node', { hasText: 'Gunicorn' });
  await gunicorn.click();
  await expect(settings.getByLabel('workers', { exact: true })).toHaveValue('7');
  // And back again from inside the field.
  await settings.getByLabel('workers', { exact: true }).press('Control+z');
  await expect(settings.getByLabel('workers', { exact: true })).toHaveValue(before);
  await page.reload();
  await page.getByRole('region', { name: 'Canvas' }).locator('.stack-node', { hasText: 'Gunicorn' }).click();
  // The undone state is what autosave kept.
  await expect(page.getByRole('region', { name: 'Settings' }).getByLabel('workers', { exact: true })).toHaveValue(before);
});
