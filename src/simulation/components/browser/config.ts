import { z } from '../../io/zod.ts';
import { ipv4, milliseconds } from '../shared-config.ts';
import { DEFAULT_TRUST_STORE } from '../tls-config.ts';

/** Chromium 156's User-Agent, as recorded in ../shared/reference/chromium-page-load.json (headless). */
export const CHROMIUM_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36';

export const visitSchema = z.strictObject({
  url: z
    .string()
    .regex(/^(https?|ws):\/\/[^/\s:]+(:\d{1,5})?(\/[^\s]*)?$/, {
      message: 'must be an http:// or https:// URL such as https://example.com/, or a ws:// URL such as ws://example.com/chat',
    })
    .describe('The address typed into the address bar; a ws:// URL is a WebSocket the page\'s script opens'),
  atMs: milliseconds.default(0).describe('When the person presses Enter, in virtual milliseconds'),
  method: z
    .enum(['GET', 'HEAD', 'POST', 'PUT', 'DELETE'])
    .optional()
    .describe('GET (the default) navigates; POST with a form submits a form; HEAD, PUT, DELETE and JSON bodies are a fetch() from the page'),
  form: z.record(z.string(), z.string()).optional().describe('Form fields sent as application/x-www-form-urlencoded (name → value)'),
  json: z.string().optional().describe('A JSON text sent as application/json by fetch()'),
  messages: z
    .array(z.string().max(10_000))
    .max(100)
    .optional()
    .describe('For a ws:// URL: the text messages the script sends, each once the answer to the one before has come back'),
  holdOpenMs: milliseconds.optional().describe('For a ws:// URL: how long the script keeps the socket open after the last answer before it calls close() (1000 ms by default)'),
}).superRefine(checkVisitBody);

/** A visit to a ws:// URL: new WebSocket(url) in the page's script. */
export function isWebSocketVisit(visit: { url: string }): boolean {
  return visit.url.startsWith('ws://');
}

/** A visit's body must fit its method: the sentences name the field at fault. */
function checkVisitBody(
  visit: { url: string; method?: string | undefined; form?: unknown; json?: string | undefined; messages?: unknown; holdOpenMs?: number | undefined },
  context: z.RefinementCtx,
): void {
  if (isWebSocketVisit(visit)) {
    for (const field of ['method', 'form', 'json'] as const) {
      if (visit[field] !== undefined) context.addIssue({ code: 'custom', path: [field], message: `a WebSocket opens with a GET the browser makes itself, so it takes no ${field}: remove it.` });
    }
    return;
  }
  for (const field of ['messages', 'holdOpenMs'] as const) {
    if (visit[field] !== undefined) context.addIssue({ code: 'custom', path: [field], message: `${field} is for a ws:// URL (a WebSocket): remove it, or make the URL ws://.` });
  }
  const method = visit.method ?? 'GET';
  if (visit.form !== undefined && visit.json !== undefined) {
    context.addIssue({ code: 'custom', path: ['json'], message: 'a visit sends either a form or a JSON body, not both: remove form or json.' });
  }
  if ((method === 'GET' || method === 'HEAD') && (visit.form !== undefined || visit.json !== undefined)) {
    context.addIssue({ code: 'custom', path: [visit.form !== undefined ? 'form' : 'json'], message: `a ${method} request has no body: remove it, or set method to POST or PUT.` });
  }
  if (visit.json !== undefined) {
    try {
      JSON.parse(visit.json);
    } catch {
      context.addIssue({ code: 'custom', path: ['json'], message: 'must be a JSON text such as {"user": "alice"}.' });
    }
  }
}

export const browserConfigSchema = z.strictObject({
  address: ipv4.default('10.0.0.10').describe('The machine\'s IP address'),
  nameserver: ipv4.optional().describe('The DNS resolver to ask (resolv.conf); by default the linked resolver'),
  hostCache: z
    .boolean()
    .default(true)
    .describe('Chromium\'s own host cache; off (as in a freshly started browser each visit), lookups go to the OS\'s cache'),
  ipv6: z
    .boolean()
    .default(false)
    .describe('The machine has an IPv6 address too: it asks for AAAA records beside A (the simulated network carries IPv4, so it connects to the A address)'),
  osCache: z.boolean().default(true).describe('The OS\'s DNS cache (systemd-resolved); off, every lookup the browser makes goes to the resolver'),
  trustStore: z
    .array(z.string().min(1).max(64))
    .max(200)
    .default(DEFAULT_TRUST_STORE)
    .describe('The root CAs the browser trusts, by common name: a certificate chain must end at one of them'),
  userAgent: z.string().min(1).default(CHROMIUM_USER_AGENT).describe('The User-Agent header'),
  visits: z.array(visitSchema).max(200_000).default([{ url: 'http://example.com/', atMs: 0 }]).describe('Pages to open'),
});

export type BrowserConfig = z.infer<typeof browserConfigSchema>;
export type Visit = z.infer<typeof visitSchema>;
