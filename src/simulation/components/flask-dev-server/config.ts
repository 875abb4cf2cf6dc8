import { z } from '../../io/zod.ts';
import { ipv4, port } from '../shared-config.ts';
import { flaskConfigSchema, type FlaskConfig } from '../flask/config.ts';

const flaskFields = flaskConfigSchema.shape;

/**
 * `flask run` (or app.run()): Werkzeug's development server with the Flask app in the same
 * process. The app's own settings are the Flask node's, field for field, so its routes and
 * views are the same ones; sessions are Flask's signed cookie (no Redis, no database here).
 */
export const flaskDevServerConfigSchema = z.strictObject({
  address: ipv4.default('10.0.0.9').describe("The machine's IP address"),
  host: ipv4
    .default('127.0.0.1')
    .describe(
      "app.run(host=...) or flask run --host: the address it binds. 127.0.0.1 (the default) is loopback: only programs on the same machine reach it. 0.0.0.0 listens on every interface, so other machines can connect",
    ),
  port: port.default(5000).describe('app.run(port=...) or flask run --port (5000 by default)'),
  threaded: z
    .boolean()
    .default(true)
    .describe('app.run(threaded=...): each request in its own thread (the default since Flask 1.0); off, the server handles one request at a time and the others wait'),
  import_name: flaskFields.import_name,
  routes: flaskFields.routes,
  secret_key: flaskFields.secret_key,
  permanent_session_lifetime: flaskFields.permanent_session_lifetime,
});

export type FlaskDevServerConfig = z.infer<typeof flaskDevServerConfigSchema>;

/** The app's settings as the Flask kind's routing, views and sessions read them: cookie sessions. */
export function appConfigOf(config: FlaskDevServerConfig): FlaskConfig {
  let app = appConfigs.get(config);
  if (!app) {
    app = { import_name: config.import_name, routes: config.routes, secret_key: config.secret_key, session_type: 'cookie', permanent_session_lifetime: config.permanent_session_lifetime };
    appConfigs.set(config, app);
  }
  return app;
}

const appConfigs = new WeakMap<FlaskDevServerConfig, FlaskConfig>();

/** Where the server accepts connections from other machines: every interface, or its own address. */
export function reachableFromOthers(config: FlaskDevServerConfig): boolean {
  return config.host === '0.0.0.0' || config.host === config.address;
}

export function isLoopback(host: string): boolean {
  return host.startsWith('127.');
}
