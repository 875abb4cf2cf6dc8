import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openExample, test } from './fixtures.ts';

/** Runs axe on the page as it is now; every WCAG 2.1 A/AA rule must pass. */
async function expectNoViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')})`);
  expect(summary, `axe on ${screen}`).toEqual([]);
}

test.describe('accessibility of the main screens', () => {
  test('the default stack, mid-run, with the inspector open', async ({ page }) => {
    await openExample(page, '?topology=default&event=21');
    await expect(page.getByRole('region', { name: 'Inspector' })).toContainText('Hypertext Transfer Protocol');
    await expectNoViolations(page, 'the run and the inspector');
  });

  test('a node’s settings form', async ({ page }) => {
    await openExample(page);
    await page.getByRole('group', { name: 'nginx, nginx' }).click();
    await expect(page.getByRole('region', { name: 'Settings' })).toContainText('proxy_pass');
    await expectNoViolations(page, 'the settings form');
  });

  test('the topologies dialog and the shortcuts overlay', async ({ page }) => {
    await openExample(page);
    await page.getByRole('button', { name: 'Topologies' }).click();
    await expect(page.getByRole('dialog', { name: 'Topologies' })).toContainText('Flask behind nginx');
    await expectNoViolations(page, 'the topologies dialog');
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await expectNoViolations(page, 'the shortcuts overlay');
  });

  test('the dark theme', async ({ page }) => {
    await openExample(page, '?topology=default&event=30');
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expectNoViolations(page, 'the dark theme');
  });
});
