import { expect, openExample, test } from './fixtures.ts';
import type { Page } from '@playwright/test';

/** Runs the open example to its last event, then shows the Browser tab. */
async function runToEndAndWatchTheBrowser(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Run to end' }).click();
  await expect(page.getByRole('button', { name: 'Run to end' })).toBeDisabled();
  await page.getByRole('tab', { name: 'Browser' }).click();
}

test.describe('wire protocols, as a person inspects them', () => {
  test('a DNS referral opens with its authority and glue records', async ({ page }) => {
    await openExample(page, '?topology=dns-full-resolution');
    await page.getByRole('button', { name: 'Run to end' }).click();
    await page.getByRole('combobox', { name: 'Protocol' }).selectOption({ label: 'DNS' });
    const log = page.getByRole('list', { name: 'Event log' });
    // The root server's answer: no address yet, only where to ask next.
    await log.getByRole('button', { name: /\(sent\): Standard query response 0x[0-9a-f]{4} A www\.example\.com NS / }).first().click();
    const inspector = page.getByRole('region', { name: 'Inspector' });
    await expect(inspector.getByText('Domain Name System')).toBeVisible();
    const records = inspector.getByRole('table').filter({ hasText: 'Resource records' });
    await expect(records.getByRole('row').filter({ hasText: 'Authority' }).first()).toContainText('NS');
    await expect(records.getByRole('row').filter({ hasText: 'Additional' }).first()).toContainText('A');
    await expect(inspector.getByLabel('DNS message (hex)', { exact: true })).toBeVisible();
  });

  test('the DNS answer to the browser carries the CNAME chain, and a record explains itself', async ({ page }) => {
    await openExample(page, '?topology=dns-full-resolution');
    await page.getByRole('button', { name: 'Run to end' }).click();
    await page.getByRole('combobox', { name: 'Protocol' }).selectOption({ label: 'DNS' });
    const log = page.getByRole('list', { name: 'Event log' });
    await log.getByRole('button', { name: /→ Browser \(sent\): Standard query response 0x[0-9a-f]{4} A www\.example\.com CNAME example\.com A 10\.0\.0\.2/ }).first().click();
    const inspector = page.getByRole('region', { name: 'Inspector' });
    await expect(inspector.getByRole('definition').filter({ hasText: /^QR, RD, RA$/ })).toBeVisible();
    const records = inspector.getByRole('table').filter({ hasText: 'Resource records' });
    const answers = records.getByRole('row').filter({ hasText: 'Answer' });
    await expect(answers).toHaveCount(2);
    await expect(answers.nth(0)).toContainText('www.example.com');
    await expect(answers.nth(1)).toContainText('10.0.0.2');
    await records.getByRole('button', { name: 'CNAME' }).click();
    await expect(records.getByText(/^www\.example\.com is an alias whose real name is example\.com/)).toBeVisible();
    await expect(records.getByRole('button', { name: 'CNAME' })).toHaveAttribute('aria-expanded', 'true');
    await records.getByRole('button', { name: 'A', exact: true }).click();
    await expect(records.getByText(/^example\.com has the IPv4 address 10\.0\.0\.2/)).toBeVisible();
  });

  test('an HTTP response shows its headers, and a header explains itself', async ({ page }) => {
    await openExample(page, '?topology=login-session');
    await page.getByRole('button', { name: 'Run to end' }).click();
    await page.getByRole('combobox', { name: 'Protocol' }).selectOption({ label: 'HTTP' });
    const log = page.getByRole('list', { name: 'Event log' });
    await log.getByRole('button', { name: /nginx → Browser \(arrives\): HTTP\/1\.1 200 OK/ }).nth(1).click();
    const inspector = page.getByRole('region', { name: 'Inspector' });
    await expect(inspector.getByLabel('Raw HTTP', { exact: true })).toContainText('Set-Cookie: session=');
    await inspector.getByRole('button', { name: 'Set-Cookie' }).click();
    await expect(inspector.getByText(/^Asks the browser to store a cookie/)).toBeVisible();
  });

  test('page-with-assets loads the page, its stylesheet and the missing favicon on one connection', async ({ page }) => {
    await openExample(page, '?topology=page-with-assets');
    await runToEndAndWatchTheBrowser(page);
    const window = page.getByRole('region', { name: 'Browser window' });
    await expect(window.getByRole('heading', { name: 'Hello' })).toBeVisible();
    const rows = window.getByRole('table', { name: 'Network' }).getByRole('row');
    await expect(rows).toHaveCount(4); // the header row and three requests
    await expect(rows.nth(1)).toContainText('GET /index.html');
    await expect(rows.nth(1)).toContainText('200 OK');
    await expect(rows.nth(2)).toContainText('GET /main.css');
    await expect(rows.nth(3)).toContainText('GET /favicon.ico');
    await expect(rows.nth(3)).toContainText('404');
    // One keep-alive connection: the same local port, requests 1, 2 and 3 on it.
    const connections = await rows.locator('td:last-child').allTextContents();
    expect(new Set(connections.map((text) => text.split(' · ')[0])).size).toBe(1);
    expect(connections.map((text) => text.split(' · ')[1])).toEqual(['#1', '#2', '#3']);
  });

  const ERROR_PAGES = [
    { what: 'a typo in the address', example: 'nxdomain', code: 'DNS_PROBE_FINISHED_NXDOMAIN' },
    { what: 'a closed port', example: 'connection-refused', code: 'ERR_CONNECTION_REFUSED' },
  ];
  for (const { what, example, code } of ERROR_PAGES) {
    test(`${what} shows Chromium’s ${code} error page`, async ({ page }) => {
      await openExample(page, `?topology=${example}`);
      await runToEndAndWatchTheBrowser(page);
      const window = page.getByRole('region', { name: 'Browser window' });
      await expect(window.getByRole('heading', { name: 'This site can’t be reached' })).toBeVisible();
      await expect(window.getByText(code, { exact: true })).toBeVisible();
    });
  }

  test('a TLS record opens with its wire view beside the decrypted HTTP inside it', async ({ page }) => {
    await openExample(page, '?topology=https-tls13');
    await page.getByRole('button', { name: 'Run to end' }).click();
    await page.getByRole('combobox', { name: 'Protocol' }).selectOption({ label: 'TLS' });
    const log = page.getByRole('list', { name: 'Event log' });
    await log.getByRole('button', { name: /Browser → nginx \(sent\): Application Data: GET \/ HTTP\/1\.1/ }).first().click();
    const inspector = page.getByRole('region', { name: 'Inspector' });
    const views = inspector.getByRole('region', { name: 'Wire view and decrypted view' });
    await expect(views.getByLabel('Wire view')).toContainText(/^17 03 03 [0-9a-f]{2} [0-9a-f]{2} {2}\[\d+ bytes of ciphertext\]$/);
    await expect(views.getByLabel('Decrypted view')).toContainText('GET / HTTP/1.1');
    await expect(inspector.getByText('Hypertext Transfer Protocol (decrypted from TLS)')).toBeVisible();
    // The handshake: the certificate travels sealed under TLS 1.3.
    await log.getByRole('button', { name: /nginx → Browser \(sent\): Server Hello, Change Cipher Spec, Encrypted Extensions, Certificate/ }).click();
    const records = inspector.getByRole('table').filter({ hasText: 'TLS records' });
    await expect(records.getByRole('row').filter({ hasText: 'Certificate Verify' })).toContainText('Application Data');
    await expect(inspector.getByRole('table').filter({ hasText: 'certificate (server)' })).toContainText('issuer CN=R11');
  });

  const CERTIFICATE_ERRORS = [
    { example: 'cert-expired', code: 'NET::ERR_CERT_DATE_INVALID', why: /valid from 2020-01-01 to 2020-02-01/ },
    { example: 'cert-self-signed', code: 'NET::ERR_CERT_AUTHORITY_INVALID', why: /self-signed/ },
    { example: 'cert-wrong-host', code: 'NET::ERR_CERT_COMMON_NAME_INVALID', why: /none of them is example\.com/ },
  ];
  for (const { example, code, why } of CERTIFICATE_ERRORS) {
    test(`${example} stops the page with ${code} and says why`, async ({ page }) => {
      await openExample(page, `?topology=${example}`);
      await runToEndAndWatchTheBrowser(page);
      const window = page.getByRole('region', { name: 'Browser window' });
      await expect(window.getByRole('heading', { name: 'Your connection is not private' })).toBeVisible();
      await expect(window.getByText(code, { exact: true })).toBeVisible();
      await expect(window.getByRole('alert')).toContainText(why);
    });
  }

  test('after logging in, the browser keeps the signed session cookie and sends it back', async ({ page }) => {
    await openExample(page, '?topology=login-session');
    await runToEndAndWatchTheBrowser(page);
    const cookies = page.getByRole('region', { name: 'Cookies' });
    await expect(cookies.getByText(/^session=eyJ1c2VyIjoieCJ9\./)).toBeVisible();
    await expect(cookies).toContainText('HttpOnly');
    // The last page is the echo of what the server saw: the cookie came back and named the user.
    await expect(page.getByRole('region', { name: 'Browser window' })).toContainText('"session_user":"x"');
  });

  test('stepping back with the Browser tab open shows the page as it was, and the tab stays', async ({ page }) => {
    await openExample(page, '?topology=nxdomain');
    await runToEndAndWatchTheBrowser(page);
    const window = page.getByRole('region', { name: 'Browser window' });
    await expect(window.getByText('DNS_PROBE_FINISHED_NXDOMAIN', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect(window.getByText(/^New Tab: press Play/)).toBeVisible();
    // The navigation, then the DNS query leaving: the tab now says what it waits for.
    await page.getByRole('button', { name: 'Step forward' }).click();
    await page.getByRole('button', { name: 'Step forward' }).click();
    await expect(page.getByRole('tab', { name: 'Browser' })).toHaveAttribute('aria-selected', 'true');
    await expect(window.getByRole('status').filter({ hasText: 'Resolving' })).toContainText('Resolving exmaple.com');
  });
});
