import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

async function openDefaultCopy(page: Page): Promise<void> {
  await page.goto('/?topology=default');
  await expect(page.getByRole('button', { name: 'Step forward' })).toBeEnabled();
}

const canvasNodes = (page: Page) => page.getByRole('region', { name: 'Canvas' }).locator('.stack-node');
const selectedNodes = (page: Page) => page.locator('.react-flow__node.selected');
const nodeNamed = (page: Page, text: string) => page.getByRole('region', { name: 'Canvas' }).locator('.react-flow__node', { hasText: text });

test('the editing keys: select all, shift-click, copy and paste, duplicate, delete, layout and fit', async ({ page }) => {
  await openDefaultCopy(page);
  await expect(canvasNodes(page)).toHaveCount(6);
  const pane = page.locator('.react-flow__pane');
  await pane.click({ position: { x: 10, y: 10 } });

  // Ctrl+A selects every node.
  await page.keyboard.press('Control+a');
  await expect(selectedNodes(page)).toHaveCount(6);
  await page.keyboard.press('Escape');
  await expect(selectedNodes(page)).toHaveCount(0);

  // Click, then shift-click: two selected.
  await nodeNamed(page, 'Gunicorn').click();
  await nodeNamed(page, 'Flask').click({ modifiers: ['Shift'] });
  await expect(selectedNodes(page)).toHaveCount(2);

  // Ctrl+C, Ctrl+V: two copies, with names of their own, and the copies selected.
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(canvasNodes(page)).toHaveCount(8);
  await expect(selectedNodes(page)).toHaveCount(2);
  await expect(page.getByRole('group', { name: 'Gunicorn 2, Gunicorn' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Flask 2, Flask' })).toBeVisible();
  // The pasted pair keeps the WSGI link between them.
  await expect(page.locator('.react-flow__edge')).toHaveCount(6);

  // Ctrl+D duplicates the selection (the pasted pair) again.
  await page.keyboard.press('Control+d');
  await expect(canvasNodes(page)).toHaveCount(10);
  await expect(page.getByRole('group', { name: 'Flask 3, Flask' })).toBeVisible();

  // Delete removes what is selected.
  await page.keyboard.press('Delete');
  await expect(canvasNodes(page)).toHaveCount(8);
  await expect(page.getByRole('group', { name: 'Flask 3, Flask' })).toHaveCount(0);
  // Ctrl+Z brings the deleted pair back; Ctrl+Shift+Z deletes it again.
  await page.keyboard.press('Control+z');
  await expect(canvasNodes(page)).toHaveCount(10);
  await page.keyboard.press('Control+Shift+z');
  await expect(canvasNodes(page)).toHaveCount(8);

  // L lays the stack out again (one step of undo), F fits it into view.
  const before = await nodeNamed(page, 'PostgreSQL').first().boundingBox();
  await pane.click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('l');
  await expect.poll(async () => JSON.stringify(await nodeNamed(page, 'PostgreSQL').first().boundingBox())).not.toBe(JSON.stringify(before));
  const viewport = page.locator('.react-flow__viewport');
  await page.mouse.move(500, 300);
  await page.mouse.wheel(0, 600); // zoom out
  const zoomedOut = await viewport.getAttribute('style');
  await page.keyboard.press('f');
  await expect.poll(() => viewport.getAttribute('style')).not.toBe(zoomedOut);

  // The minimap draws every node.
  const minimap = page.getByRole('img', { name: 'Minimap' }).or(page.getByLabel('Minimap'));
  await expect(minimap.first()).toBeVisible();
  await expect(page.locator('.react-flow__minimap-node')).toHaveCount(8);

  // The ? overlay lists these keys.
  await page.keyboard.press('?');
  const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(overlay).toBeVisible();
  for (const key of ['Ctrl+C', 'Ctrl+V', 'Ctrl+D', 'Ctrl+A', 'Delete']) await expect(overlay).toContainText(key);
});
