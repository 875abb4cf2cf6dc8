import { mkdirSync } from 'node:fs';
import { expect, openExample, stepUntilCurrent, test } from './fixtures.ts';

/** The README's screenshot, taken from the production build at a moment with packets in flight. */
test('screenshot for the README', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openExample(page);
  await stepUntilCurrent(page, /Query: SELECT/);
  await page.getByRole('list', { name: 'Event log' }).getByRole('button', { name: /nginx → Gunicorn \(arrives\): GET \/ HTTP\/1\.0$/ }).click();
  await expect(page.getByRole('region', { name: 'Inspector' })).toContainText('Hypertext Transfer Protocol');
  mkdirSync('docs/images', { recursive: true });
  await page.screenshot({ path: 'docs/images/stackscope.png' });
});
