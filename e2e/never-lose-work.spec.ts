import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** Opens the default example and makes one change, which saves it as the person's own copy. */
async function ownCopyWithChange(page: Page, name: string): Promise<void> {
  await page.goto('/?topology=default');
  await expect(page.getByRole('button', { name: 'Step forward' })).toBeEnabled();
  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByLabel('Topology name').fill(name);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByText('saved in this browser')).toBeVisible();
}

test.describe('never losing work', () => {
  test('a reload mid-edit brings back the exact last state', async ({ page }) => {
    await ownCopyWithChange(page, 'My stack');
    await page.getByRole('group', { name: 'Gunicorn, Gunicorn' }).click();
    const workers = page.getByRole('region', { name: 'Settings' }).getByLabel('workers', { exact: true });
    await workers.fill('5');
    await expect(page).toHaveURL(/\/$|\/\?event=|\/\?$/);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('My stack');
    await page.getByRole('group', { name: 'Gunicorn, Gunicorn' }).click();
    await expect(page.getByRole('region', { name: 'Settings' }).getByLabel('workers', { exact: true })).toHaveValue('5');
    await expect(page.getByRole('group', { name: 'Gunicorn, Gunicorn' })).toContainText('0 of 5 workers busy');
  });

  test('a half-typed setting survives a reload as typed, with its problem shown', async ({ page }) => {
    await ownCopyWithChange(page, 'Half typed');
    await page.getByRole('group', { name: 'Gunicorn, Gunicorn' }).click();
    await page.getByRole('region', { name: 'Settings' }).getByLabel('workers', { exact: true }).fill('0');
    await expect(page.getByRole('status').filter({ hasText: /Fix 1 problem to run/ }).first()).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Half typed');
    await expect(page.getByRole('status').filter({ hasText: /Fix 1 problem to run/ }).first()).toBeVisible();
    // Exported as it is, with a word that the file has a setting still to fix.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
    expect(download.suggestedFilename()).toBe('half-typed.stackscope.json');
    await expect(page.getByRole('alert').filter({ hasText: 'Exported with 1 setting still to fix (nodes[3].config.workers: must be at least 1)' })).toBeVisible();
  });

  test('a broken file is refused with what is wrong and where, and the open work stays', async ({ page }) => {
    await ownCopyWithChange(page, 'Keep me');
    const dir = mkdtempSync(join(tmpdir(), 'stackscope-e2e-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify({ format: 'stackscope.topology', version: 1, nodes: [{ id: 'g', kind: 'gunicorn', config: { workers: 'many' } }] }));
    await page.getByLabel('Import a topology file').setInputFiles(file);
    const alert = page.getByRole('alert').filter({ hasText: 'was not imported' });
    await expect(alert).toContainText('“broken.json” was not imported: nothing was changed');
    await expect(alert).toContainText('nodes[0].config.workers');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Keep me');

    writeFileSync(file, '{ "format": "stackscope.topology", "version": 1, ');
    await page.getByLabel('Import a topology file').setInputFiles(file);
    await expect(page.getByRole('alert').filter({ hasText: 'not valid JSON' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Keep me');
  });

  test('a good file imports as a new topology beside the open one', async ({ page }) => {
    await ownCopyWithChange(page, 'First one');
    const dir = mkdtempSync(join(tmpdir(), 'stackscope-e2e-'));
    const file = join(dir, 'good.json');
    writeFileSync(file, JSON.stringify({ format: 'stackscope.topology', version: 1, name: 'From a file', nodes: [{ id: 'db', kind: 'postgres' }] }));
    await page.getByLabel('Import a topology file').setInputFiles(file);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('From a file');
    await page.getByRole('button', { name: 'Topologies' }).click();
    const dialog = page.getByRole('dialog', { name: 'Topologies' });
    await expect(dialog.getByRole('button', { name: /^First one/ })).toBeVisible();
    await expect(dialog.getByRole('button', { name: /^From a file/ })).toBeVisible();
  });

  test('a hostile or damaged share link is refused, and saved work is untouched', async ({ page }) => {
    await ownCopyWithChange(page, 'Precious');
    for (const payload of ['<script>alert(1)</script>', 'N4IgLgngDgpiBcIDiAnA9gQwHYBMCWAzgAQBqaA7ngHQCqB', 'A'.repeat(250_000)]) {
      await page.goto(`/#share=${payload}`);
      await expect(page.getByRole('alert').filter({ hasText: 'This share link could not be opened' })).toBeVisible();
    }
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Precious');
  });

  test('a share link opens read-only, and "Make a copy" makes it one’s own', async ({ page }) => {
    await ownCopyWithChange(page, 'To share');
    await page.getByRole('button', { name: 'Share' }).click();
    const link = await page.getByLabel('Share link').inputValue();
    expect(link).toMatch(/#share=[A-Za-z0-9+\-$]+$/);
    await page.getByRole('dialog', { name: 'Share this topology' }).getByRole('button', { name: 'Close' }).click();

    const friend = await page.context().browser()!.newPage();
    await friend.goto(link);
    await expect(friend.getByRole('heading', { level: 1 })).toHaveText('To share');
    await expect(friend.getByText('shared with you, read-only')).toBeVisible();
    await expect(friend.getByRole('region', { name: 'Palette' }).getByRole('button', { name: /^nginx:/ })).toHaveAttribute('aria-disabled', 'true');
    await friend.getByRole('button', { name: 'Make a copy' }).click();
    await expect(friend.getByText('saved in this browser')).toBeVisible();
    await friend.close();
  });

  test('when storage is full, the person is told, can export, and what was saved stays', async ({ page }) => {
    await ownCopyWithChange(page, 'Saved before');
    // From now on the browser refuses every write, as a full quota does.
    await page.evaluate(() => {
      Storage.prototype.setItem = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await page.getByLabel('Topology name').fill('Changed after');
    const alert = page.getByRole('alert').filter({ hasText: 'storage for this site is full' });
    await expect(alert).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent('download'), alert.getByRole('button', { name: 'Export now' }).click()]);
    expect(download.suggestedFilename()).toBe('changed-after.stackscope.json');
    // The last good copy is still there after a reload.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Saved before');
  });

  test('a deleted topology comes back with "Undo delete"', async ({ page }) => {
    await ownCopyWithChange(page, 'Doomed');
    await page.getByRole('button', { name: 'Topologies' }).click();
    await page.getByRole('dialog', { name: 'Topologies' }).getByRole('button', { name: 'Delete Doomed' }).click();
    await page.getByRole('dialog', { name: 'Topologies' }).getByRole('button', { name: 'Close', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Doomed');
    // The deleted copy is kept in storage, so a reload (or a closed tab) does not lose the way back.
    await page.reload();
    await expect(page.getByText('Deleted “Doomed”.')).toBeVisible();
    await page.getByRole('button', { name: 'Undo delete' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Doomed');
    await expect(page.getByRole('button', { name: 'Undo delete' })).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Doomed');
    await expect(page.getByRole('button', { name: 'Undo delete' })).toHaveCount(0);
  });

  test('"Dismiss" lets a deleted topology go for good', async ({ page }) => {
    await ownCopyWithChange(page, 'Unwanted');
    await page.getByRole('button', { name: 'Topologies' }).click();
    await page.getByRole('dialog', { name: 'Topologies' }).getByRole('button', { name: 'Delete Unwanted' }).click();
    await page.getByRole('dialog', { name: 'Topologies' }).getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await expect(page.getByRole('button', { name: 'Undo delete' })).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('button', { name: 'Step forward' })).toBeEnabled();
    await expect(page.getByRole('button', { name: 'Undo delete' })).toHaveCount(0);
  });

  test('the library renames and duplicates a topology, and keeps both after a reload', async ({ page }) => {
    await ownCopyWithChange(page, 'Original');
    await page.getByRole('button', { name: 'Topologies' }).click();
    const dialog = page.getByRole('dialog', { name: 'Topologies' });
    await dialog.getByRole('button', { name: 'Duplicate Original' }).click();
    await expect(dialog.getByRole('button', { name: /^Original \(copy\)/ })).toBeVisible();

    await dialog.getByRole('button', { name: 'Rename Original (copy)' }).click();
    const field = dialog.getByLabel('New name for Original (copy)');
    await expect(field).toBeFocused();
    await field.fill('Second draft');
    await field.press('Enter');
    await expect(dialog.getByRole('button', { name: /^Second draft/ })).toBeVisible();

    // Renaming the open one renames what is on the canvas too; Cancel changes nothing.
    await dialog.getByRole('button', { name: 'Rename Original' }).click();
    await dialog.getByLabel('New name for Original').fill('Not this');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.getByRole('button', { name: 'Rename Original' }).click();
    await dialog.getByLabel('New name for Original').fill('First draft');
    await dialog.getByRole('button', { name: 'Save name' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('First draft');

    await dialog.getByRole('button', { name: /^Second draft/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Second draft');
    await expect(page.getByRole('group', { name: 'nginx, nginx' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Second draft');
    await page.getByRole('button', { name: 'Topologies' }).click();
    await expect(dialog.getByRole('button', { name: /^First draft/ })).toBeVisible();
    await expect(dialog.getByRole('button', { name: /^Not this/ })).toHaveCount(0);
  });
});
