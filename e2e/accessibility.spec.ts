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

test.describe('accessibility of the other states a person meets', () => {
  test('an empty canvas of one’s own', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('button', { name: 'Step forward' })).toBeEnabled();
    await page.getByRole('button', { name: 'Topologies' }).click();
    await page.getByRole('dialog', { name: 'Topologies' }).getByRole('button', { name: 'New topology' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Untitled topology');
    await expectNoViolations(page, 'the empty canvas');
  });

  test('a shared topology, read-only, with its banner', async ({ page }) => {
    await openExample(page);
    await page.getByRole('button', { name: 'Share' }).click();
    const link = await page.getByLabel('Share link').inputValue();
    await expectNoViolations(page, 'the share dialog');
    await page.goto(link);
    await expect(page.getByText('shared with you, read-only')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Make a copy' })).toBeVisible();
    await expectNoViolations(page, 'the share view');
  });

  test('the banners: a refused link, a deleted topology, a blocked run', async ({ page }) => {
    await page.goto('/#share=not-a-share-link');
    await expect(page.getByRole('alert').filter({ hasText: 'This share link could not be opened' })).toBeVisible();
    await expectNoViolations(page, 'the refused-link banner');

    await openExample(page);
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByLabel('Topology name').fill('Soon gone');
    await expect(page.getByText('saved in this browser')).toBeVisible();
    await page.getByRole('button', { name: 'Topologies' }).click();
    await page.getByRole('dialog', { name: 'Topologies' }).getByRole('button', { name: 'Delete Soon gone' }).click();
    await page.getByRole('dialog', { name: 'Topologies' }).getByRole('button', { name: 'Close', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Undo delete' })).toBeVisible();
    await expectNoViolations(page, 'the deleted-topology banner');

    await page.getByRole('button', { name: 'Undo delete' }).click();
    await page.getByRole('group', { name: 'Gunicorn, Gunicorn' }).click();
    await page.getByRole('region', { name: 'Settings' }).getByLabel('workers', { exact: true }).fill('0');
    await expect(page.getByRole('button', { name: 'Show problems' })).toBeVisible();
    await expectNoViolations(page, 'the blocked-run banner');
  });
});
