import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './e2e/chromium.ts';

const chromium = findChromium();
const PORT = 4173;

/**
 * Browser tests run against the production build served by `vite preview`, where the
 * Content-Security-Policy and the service worker are live. PW_SKIP_BUILD=1 skips the build
 * when CI has just made one.
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'node_modules/.cache/playwright-results',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [['list']] : [['list']],
  // CI machines have two cores shared by two browsers and the preview server.
  timeout: process.env.CI ? 90_000 : 45_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    ...devices['Desktop Chrome'],
    viewport: { width: 1440, height: 900 },
    launchOptions: { executablePath: chromium.executablePath, args: CHROMIUM_ARGS },
  },
  webServer: {
    command: process.env.PW_SKIP_BUILD ? `npx vite preview --port ${PORT} --strictPort` : `npx vite build && npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
