import type { Locator } from '@playwright/test';
import { expect, openExample, test } from './fixtures.ts';

test.use({ viewport: { width: 1280, height: 720 } });

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not on screen');
  return found;
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test('at 1280×720 (a laptop, a classroom projector) every region is on screen, side by side, and usable', async ({ page }) => {
  await openExample(page);
  const regions = {
    palette: page.getByRole('region', { name: 'Palette' }),
    canvas: page.getByRole('region', { name: 'Canvas' }),
    panel: page.getByRole('tab', { name: 'Settings' }),
    log: page.getByRole('list', { name: 'Event log' }),
  };
  const boxes = Object.fromEntries(await Promise.all(Object.entries(regions).map(async ([name, locator]) => [name, await box(locator)] as const)));
  for (const [name, found] of Object.entries(boxes)) {
    expect(found.x, `${name} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(found.x + found.width, `${name} ends on screen`).toBeLessThanOrEqual(1280);
    expect(found.width, `${name} has room`).toBeGreaterThan(40);
  }
  expect(overlaps(boxes['palette']!, boxes['canvas']!)).toBe(false);
  expect(overlaps(boxes['canvas']!, boxes['panel']!)).toBe(false);
  // The transport controls sit within the screen's height and work.
  const step = page.getByRole('button', { name: 'Step forward' });
  const stepBox = await box(step);
  expect(stepBox.y + stepBox.height).toBeLessThanOrEqual(720);
  await step.click();
  await expect(page.getByLabel('Run position')).toContainText('event 1 of');
  // The page itself does not scroll sideways.
  expect(await page.locator('html').evaluate((root) => root.scrollWidth)).toBeLessThanOrEqual(1280);
  await page.screenshot({ path: 'node_modules/.cache/playwright-results/1280x720.png' });
});
