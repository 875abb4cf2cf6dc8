import type { Diagnostic } from '../../model/diagnostic.ts';
import type { CheckContext, KindDeclaration } from '../services.ts';
import { nameOf, problem } from '../check-helpers.ts';
import { privilegedPortProblems } from '../socket-server/declaration.ts';
import { isLoopback, reachableFromOthers, type FlaskDevServerConfig } from './config.ts';

/** Flask's development server answers HTTP itself: no WSGI server, no proxy needed in front. */
export const flaskDevServerDeclaration: KindDeclaration = {
  role: 'a development server',
  serves: ['http'],
  uses: [],
  check(context) {
    const config = context.config as FlaskDevServerConfig;
    return [...privilegedPortProblems(context, config.port, 5000), ...bindProblems(context, config), ...databaseProblems(context, config)];
  },
};

function bindProblems(context: CheckContext, config: FlaskDevServerConfig): Diagnostic[] {
  if (reachableFromOthers(config)) return [];
  if (!isLoopback(config.host)) {
    return [
      problem(
        context,
        'error',
        `host ${config.host} is not an address of this machine (${config.address}): binding it fails with OSError: [Errno 99] Cannot assign requested address.`,
        `Set host to 0.0.0.0 (every interface), ${config.address}, or 127.0.0.1.`,
        'host',
      ),
    ];
  }
  const clients = context.world.neighbours(context.nodeId, { linkKind: 'network' });
  if (clients.length === 0) return [];
  const names = clients.map(nameOf).join(', ');
  return [
    problem(
      context,
      'warning',
      `${context.name} listens on ${config.host}:${config.port}, the loopback address: only programs on its own machine can connect, so ${names} ${clients.length === 1 ? 'is' : 'are'} refused (ERR_CONNECTION_REFUSED).`,
      `Listen on every interface: app.run(host='0.0.0.0') or flask run --host=0.0.0.0 (set host to 0.0.0.0).`,
      'host',
    ),
  ];
}

function databaseProblems(context: CheckContext, config: FlaskDevServerConfig): Diagnostic[] {
  const index = config.routes.findIndex((route) => route.sql !== undefined);
  if (index < 0) return [];
  return [
    problem(
      context,
      'error',
      `The view ${config.routes[index]!.endpoint}() runs SQL, but the development server node has no database connection: the request would end in 500 Internal Server Error.`,
      'Remove sql from the route, or run the app with Gunicorn and a Flask node linked to PostgreSQL.',
      `routes[${index}].sql`,
    ),
  ];
}
