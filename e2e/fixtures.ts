import { test as base, expect, type Page } from '@playwright/test';

/**
 * Every test fails if the page logs an error or a CSP violation, or throws: the console must
 * stay clean under the production build's Content-Security-Policy.
 */
export const test = base.extend<{ consoleProblems: string[] }>({
  consoleProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      await use(problems);
      expect(problems, 'the browser console should stay free of errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Opens an example and waits until its canvas is drawn. */
export async function openExample(page: Page, query = '?topology=default'): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByRole('button', { name: 'Step forward' })).toBeEnabled();
}

/** Presses "Step forward" until the current event in the log matches `pattern`. */
export async function stepUntilCurrent(page: Page, pattern: RegExp, maxSteps = 200): Promise<void> {
  const stepForward = page.getByRole('button', { name: 'Step forward' });
  const log = page.getByRole('list', { name: 'Event log' });
  for (let step = 0; step < maxSteps; step++) {
    // One round trip per step to read the current event: the log marks it with aria-current.
    const current = await log.evaluate((list) => list.querySelector('[aria-current="step"]')?.textContent ?? '');
    if (pattern.test(current)) return;
    await stepForward.click();
  }
  throw new Error(`No event matching ${pattern} within ${maxSteps} steps`);
}
