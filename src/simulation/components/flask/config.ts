import { z } from '../../io/zod.ts';
import { DEFAULT_FILE_MTIME, httpDateText, milliseconds } from '../shared-config.ts';

/** Werkzeug's redirect codes: redirect(location, code). */
const redirectCode = z.union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)], { message: 'must be 301, 302, 303, 307 or 308' });

export const routeSchema = z.strictObject({
  rule: z.string().startsWith('/', { message: 'must start with /' }).describe('@app.route rule'),
  endpoint: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'must be a Python name such as index' }).describe('The view function\'s name'),
  methods: z.array(z.enum(['GET', 'HEAD', 'POST', 'PUT', 'DELETE'])).min(1).default(['GET']).describe('methods=[...]: HEAD is allowed wherever GET is'),
  view: z
    .enum(['text', 'echo', 'login', 'logout', 'redirect', 'file'])
    .default('text')
    .describe(
      'What the view does: text returns body; echo returns JSON of the cookies, form, method and session user; login stores the form field user in the session; logout removes it; redirect returns redirect(location); file sends body as a static file (send_file) with ETag and Last-Modified',
    ),
  sql: z.string().min(1).optional().describe('A query the view runs before it renders'),
  body: z.string().default('Hello, world!').describe('The response body (text view) or the file\'s content (file view); {rows} is replaced by the query result'),
  contentType: z.string().default('text/html; charset=utf-8').describe('The Content-Type of a text view (a file view guesses it from filePath)'),
  status: z.number().int().min(100).max(599).default(200).describe('The status of a text view'),
  processingMs: milliseconds.default(1).describe('Python time spent in the view'),
  location: z.string().min(1).optional().describe('redirect view: the URL in the Location header'),
  redirectCode: redirectCode.default(302).describe('redirect view: 301, 302, 303, 307 or 308'),
  filePath: z.string().startsWith('/', { message: 'must be an absolute path such as /srv/app/static/main.css' }).optional().describe('file view: the file on the server; its name gives the Content-Type and the ETag hashes it'),
  lastModified: httpDateText
    .default(DEFAULT_FILE_MTIME)
    .describe('file view: the file\'s modification time (Last-Modified, and part of the ETag)'),
});

export const flaskConfigSchema = z.strictObject({
  import_name: z.string().default('app').describe('Flask(import_name)'),
  routes: z
    .array(routeSchema)
    .default([
      { rule: '/', endpoint: 'index', methods: ['GET'], view: 'text', body: 'Hello, world!', contentType: 'text/html; charset=utf-8', status: 200, processingMs: 1, redirectCode: 302, lastModified: 'Mon, 23 Nov 2026 20:00:25 GMT' },
    ])
    .describe('@app.route views'),
  database: z
    .string()
    .regex(/^postgresql:\/\/([^@/\s]+@)?[A-Za-z0-9.-]+(:\d{1,5})?\/[A-Za-z0-9_]+$/, {
      message: 'must be a URL such as postgresql://app@db:5432/app',
    })
    .optional()
    .describe('SQLALCHEMY_DATABASE_URI: where views send their queries'),
  secret_key: z
    .string()
    .min(1, { message: 'must not be empty: Flask refuses to sign a session without a secret key' })
    .default('dev')
    .describe('SECRET_KEY: signs the session cookie. "dev" is for demos only: a real app sets a long random value, or anyone can forge sessions'),
  session_type: z
    .enum(['cookie', 'redis'])
    .default('cookie')
    .describe('cookie: Flask\'s signed cookie holds the session itself; redis: Flask-Session (SESSION_TYPE = "redis") keeps it in Redis and the cookie holds only an id'),
  session_redis: z
    .string()
    .regex(/^redis:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/\d{1,2})?$/, { message: 'must be a URL such as redis://redis:6379/0' })
    .optional()
    .describe('SESSION_REDIS: the Redis server that keeps sessions (session_type redis)'),
  permanent_session_lifetime: z
    .number()
    .int()
    .min(1)
    .max(400 * 86400)
    .default(31 * 86400)
    .describe('PERMANENT_SESSION_LIFETIME in seconds: how long a session lasts (31 days by default)'),
});

export type FlaskConfig = z.infer<typeof flaskConfigSchema>;
export type FlaskRoute = z.infer<typeof routeSchema>;
