import type { Diagnostic } from '../../model/diagnostic.ts';
import type { KindDeclaration } from '../services.ts';
import { hasNetworkLink, nameOf, neighboursOfKind, nodeForHost, problem } from '../check-helpers.ts';
import type { FlaskConfig } from './config.ts';

/** A Flask app is called through WSGI and may send SQL to its database. */
export const flaskDeclaration: KindDeclaration = {
  serves: ['wsgi'],
  uses: ['sql'],
  onLinkedTo(config, server, names) {
    const database = (config as FlaskConfig).database;
    const host = database === undefined ? undefined : databaseHost(database);
    if (host !== undefined && names(host)) return undefined;
    const port = typeof server.config['port'] === 'number' ? server.config['port'] : 5432;
    return { ...config, database: `postgresql://app@${server.id}:${port}/app` };
  },
  check(context) {
    const config = context.config as FlaskConfig;
    const problems: Diagnostic[] = [];
    if (neighboursOfKind(context, 'gunicorn', 'in-process').length === 0) {
      problems.push(
        problem(context, 'error', `${context.name} has no application server: a framework only answers when a WSGI server calls it.`, 'Connect it to a Gunicorn node.'),
      );
    }
    const queries = config.routes.some((route) => route.sql !== undefined);
    if (!queries) return problems;
    if (config.database === undefined) {
      problems.push(problem(context, 'error', 'A view runs SQL, but no database is configured.', 'Set database to a URL such as postgresql://app@db:5432/app.', 'database'));
      return problems;
    }
    const host = databaseHost(config.database) ?? '';
    const database = nodeForHost(context, host);
    if (!database) {
      problems.push(problem(context, 'error', `The database host ${host} names no node on the canvas.`, 'Use the name of a PostgreSQL node in the database URL.', 'database'));
    } else if (!hasNetworkLink(context, database.id)) {
      problems.push(problem(context, 'error', `${context.name} has no link to ${nameOf(database)}, so its queries cannot reach it.`, `Connect ${context.name} to ${nameOf(database)} with a network link.`, 'database'));
    }
    return problems;
  },
};

/** The host of a database URL: postgresql://app@db:5432/app -> db. */
function databaseHost(url: string): string | undefined {
  return /^postgresql:\/\/(?:[^@/\s]+@)?([A-Za-z0-9.-]+)/.exec(url)?.[1];
}
