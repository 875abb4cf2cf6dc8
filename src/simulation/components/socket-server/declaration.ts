import type { Diagnostic } from '../../model/diagnostic.ts';
import type { CheckContext, KindDeclaration } from '../services.ts';
import { problem } from '../check-helpers.ts';
import type { SocketServerConfig } from './config.ts';

/** Ports below this one are privileged on Linux: only root (CAP_NET_BIND_SERVICE) may bind them. */
export const FIRST_UNPRIVILEGED_PORT = 1024;

/**
 * The warning for a program that binds a privileged port: as a normal user, bind() fails with
 * EACCES, which Python reports as PermissionError. The run goes on as if it had been started
 * with sudo, so the rest of the lesson still works.
 */
export function privilegedPortProblems(context: CheckContext, port: number, example: number): Diagnostic[] {
  if (port >= FIRST_UNPRIVILEGED_PORT) return [];
  return [
    problem(
      context,
      'warning',
      `Port ${port} is below ${FIRST_UNPRIVILEGED_PORT}, so binding it needs root: started by a normal user, bind() fails with PermissionError: [Errno 13] Permission denied. The simulation runs ${context.name} as if it had been started with sudo.`,
      `Use a port of ${FIRST_UNPRIVILEGED_PORT} or above, such as ${example}, or leave port ${port} to a web server such as nginx that starts as root.`,
      'port',
    ),
  ];
}

/** A socket server answers whatever connects to its port; browsers speak HTTP to it. */
export const socketServerDeclaration: KindDeclaration = {
  role: 'a socket server',
  serves: ['http'],
  uses: [],
  check(context) {
    return privilegedPortProblems(context, (context.config as SocketServerConfig).port, 8080);
  },
};
