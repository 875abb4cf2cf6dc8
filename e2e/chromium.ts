import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * Where the browser tests find Chromium, in this order: the CHROMIUM_PATH variable, Debian's
 * /usr/bin/chromium, then the browser Playwright downloads itself (`npx playwright install
 * chromium`, on machines that can reach Playwright's download host).
 */
export function findChromium(): { executablePath?: string; source: string } {
  const fromEnvironment = process.env.CHROMIUM_PATH;
  if (fromEnvironment) {
    if (!existsSync(fromEnvironment)) {
      throw new Error(`CHROMIUM_PATH is set to ${fromEnvironment}, but no file is there.`);
    }
    return { executablePath: fromEnvironment, source: 'CHROMIUM_PATH' };
  }
  if (existsSync('/usr/bin/chromium')) return { executablePath: '/usr/bin/chromium', source: '/usr/bin/chromium' };
  const bundled = safeBundledPath();
  if (bundled && existsSync(bundled)) return { source: "Playwright's own Chromium" };
  throw new Error(
    [
      'The browser tests need Chromium, and none was found.',
      'Install it with one of:',
      '  sudo apt-get install -y chromium      (Debian, Ubuntu: /usr/bin/chromium)',
      '  npx playwright install chromium       (Playwright\'s own build)',
      'or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    ].join('\n'),
  );
}

function safeBundledPath(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/** Flags for a headless Chromium on a closed network, running as root in CI. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
