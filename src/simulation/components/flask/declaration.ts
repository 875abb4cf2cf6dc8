import type { Diagnostic } from '../../model/diagnostic.ts';
import type { CheckContext, KindDeclaration } from '../services.ts';
import { hasNetworkLink, nameOf, neighboursOfKind, nodeForHost, problem } from '../check-helpers.ts';
import type { FlaskConfig } from './config.ts';

/** A Flask app is called through WSGI; it may send SQL to its database and keep sessions in Redis. */
export const flaskDeclaration: KindDeclaration = {
  role: 'an application',
  serves: ['wsgi'],
  uses: ['sql', 'redis'],
  onLinkedTo(config, server, names) {
    const port = typeof server.config['port'] === 'number' ? server.config['port'] : undefined;
    if (server.kind === 'redis') {
      const url = (config as FlaskConfig).session_redis;
      const host = url === undefined ? undefined : urlHost(url);
      if (host !== undefined && names(host)) return undefined;
      // Linking a Redis node is asking for server-side sessions (SESSION_TYPE = "redis").
      return { ...config, session_type: 'redis', session_redis: `redis://${server.id}:${port ?? 6379}/0` };
    }
    const database = (config as FlaskConfig).database;
    const host = database === undefined ? undefined : urlHost(database);
    if (host !== undefined && names(host)) return undefined;
    return { ...config, database: `postgresql://app@${server.id}:${port ?? 5432}/app` };
  },
  check(context) {
    const config = context.config as FlaskConfig;
    const problems: Diagnostic[] = [];
    if (neighboursOfKind(context, 'gunicorn', 'in-process').length === 0) {
      problems.push(
        problem(context, 'error', `${context.name} has no application server: a framework only answers when a WSGI server calls it.`, 'Connect it to a Gunicorn node.'),
      );
    }
    problems.push(...databaseProblems(context, config), ...sessionProblems(context, config));
    return problems;
  },
};

function databaseProblems(context: CheckContext, config: FlaskConfig): Diagnostic[] {
  if (!config.routes.some((route) => route.sql !== undefined)) return [];
  if (config.database === undefined) {
    return [problem(context, 'error', 'A view runs SQL, but no database is configured.', 'Set database to a URL such as postgresql://app@db:5432/app.', 'database')];
  }
  return serverProblems(context, urlHost(config.database) ?? '', 'database', 'the database URL', 'PostgreSQL', 'its queries');
}

function sessionProblems(context: CheckContext, config: FlaskConfig): Diagnostic[] {
  if (config.session_type !== 'redis') return [];
  if (config.session_redis === undefined) {
    return [
      problem(
        context,
        'error',
        'session_type is redis, but session_redis names no Redis server, so no session can be stored.',
        'Link a Redis node to this Flask node, or set session_redis to a URL such as redis://redis:6379/0 (or set session_type back to cookie).',
        'session_redis',
      ),
    ];
  }
  return serverProblems(context, urlHost(config.session_redis) ?? '', 'session_redis', 'session_redis', 'Redis', 'its session reads and writes');
}

function serverProblems(context: CheckContext, host: string, path: string, field: string, software: string, traffic: string): Diagnostic[] {
  const server = nodeForHost(context, host);
  if (!server) return [problem(context, 'error', `The host ${host} in ${field} names no node on the canvas.`, `Use the name of a ${software} node in ${field}.`, path)];
  if (!hasNetworkLink(context, server.id)) {
    return [problem(context, 'error', `${context.name} has no link to ${nameOf(server)}, so ${traffic} cannot reach it.`, `Connect ${context.name} to ${nameOf(server)} with a network link.`, path)];
  }
  return [];
}

/** The host of a postgresql:// or redis:// URL: postgresql://app@db:5432/app -> db. */
function urlHost(url: string): string | undefined {
  return /^(?:postgresql|redis):\/\/(?:[^@/\s]+@)?([A-Za-z0-9.-]+)/.exec(url)?.[1];
}
