import { z } from '../../io/zod.ts';
import { ipv4, milliseconds } from '../shared-config.ts';

/** Chromium 156's User-Agent, as recorded in ../shared/reference/chromium-page-load.json (headless). */
export const CHROMIUM_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36';

export const visitSchema = z.strictObject({
  url: z
    .string()
    .regex(/^http:\/\/[^/\s:]+(:\d{1,5})?(\/[^\s]*)?$/, {
      message: 'must be an http:// URL such as http://example.com/',
    })
    .describe('The address typed into the address bar'),
  atMs: milliseconds.default(0).describe('When the person presses Enter, in virtual milliseconds'),
});

export const browserConfigSchema = z.strictObject({
  address: ipv4.default('10.0.0.10').describe('The machine\'s IP address'),
  nameserver: ipv4.optional().describe('The DNS resolver to ask (resolv.conf); by default the linked resolver'),
  userAgent: z.string().min(1).default(CHROMIUM_USER_AGENT).describe('The User-Agent header'),
  visits: z.array(visitSchema).max(200_000).default([{ url: 'http://example.com/', atMs: 0 }]).describe('Pages to open'),
});

export type BrowserConfig = z.infer<typeof browserConfigSchema>;
export type Visit = z.infer<typeof visitSchema>;
