import { z } from '../io/zod.ts';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** An IPv4 address in dotted-quad form, e.g. 10.0.0.2. */
export const ipv4 = z.string().regex(IPV4, { message: 'must be an IPv4 address such as 10.0.0.2' });

/** A TCP or UDP port number. */
export const port = z.number().int().min(1).max(65535);

/** A duration in virtual milliseconds. */
export const milliseconds = z.number().min(0).max(3_600_000);

/** Host names as DNS writes them: letters, digits, hyphens and dots. */
export const hostName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/, {
    message: 'must be a host name such as example.com',
  });

const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** A date as HTTP headers write it (Last-Modified, Date). */
export const httpDateText = z.string().regex(HTTP_DATE, { message: 'must be an HTTP date such as Mon, 23 Nov 2026 20:00:25 GMT' });

/** The modification time the seed files carry unless told otherwise (the recordings' file). */
export const DEFAULT_FILE_MTIME = 'Mon, 23 Nov 2026 20:00:25 GMT';

/** A file on a server's disk, for servers that send files as they are (nginx's root, a socket server's directory). */
export const servedFileSchema = z.strictObject({
  path: z
    .string()
    .regex(/^\/[^\s?#]*$/, { message: 'must be an absolute path such as /var/www/html/index.html' })
    .describe('Where the file is on disk'),
  body: z.string().max(100_000).default('').describe("The file's content"),
  lastModified: httpDateText.default(DEFAULT_FILE_MTIME).describe("The file's modification time (Last-Modified, and part of nginx's ETag)"),
});

export type ServedFile = z.infer<typeof servedFileSchema>;
