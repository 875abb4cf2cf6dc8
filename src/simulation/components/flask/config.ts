import { z } from '../../io/zod.ts';
import { milliseconds } from '../shared-config.ts';

export const routeSchema = z.strictObject({
  rule: z.string().startsWith('/', { message: 'must start with /' }).describe('@app.route rule'),
  endpoint: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'must be a Python name such as index' }),
  methods: z.array(z.enum(['GET', 'HEAD', 'POST', 'PUT', 'DELETE'])).min(1).default(['GET']),
  sql: z.string().min(1).optional().describe('A query the view runs before it renders'),
  body: z.string().default('Hello, world!').describe('The response body; {rows} is replaced by the query result'),
  contentType: z.string().default('text/html; charset=utf-8'),
  status: z.number().int().min(100).max(599).default(200),
  processingMs: milliseconds.default(1).describe('Python time spent in the view'),
});

export const flaskConfigSchema = z.strictObject({
  import_name: z.string().default('app'),
  routes: z.array(routeSchema).default([{ rule: '/', endpoint: 'index', methods: ['GET'], body: 'Hello, world!', contentType: 'text/html; charset=utf-8', status: 200, processingMs: 1 }]),
  database: z
    .string()
    .regex(/^postgresql:\/\/([^@/\s]+@)?[A-Za-z0-9.-]+(:\d{1,5})?\/[A-Za-z0-9_]+$/, {
      message: 'must be a URL such as postgresql://app@db:5432/app',
    })
    .optional()
    .describe('SQLALCHEMY_DATABASE_URI: where views send their queries'),
});

export type FlaskConfig = z.infer<typeof flaskConfigSchema>;
export type FlaskRoute = z.infer<typeof routeSchema>;
