import type { KindDeclaration } from '../services.ts';
import { neighboursOfKind, problem } from '../check-helpers.ts';

/** Gunicorn serves HTTP and calls a WSGI application in its worker processes. */
export const gunicornDeclaration: KindDeclaration = {
  role: 'an application server',
  serves: ['http'],
  uses: ['wsgi'],
  check(context) {
    const apps = neighboursOfKind(context, 'flask', 'in-process');
    if (apps.length === 0) {
      return [
        problem(context, 'error', `${context.name} has no application to run: every request would fail.`, 'Connect a Flask app to it; the link becomes an in-process WSGI link.'),
      ];
    }
    if (apps.length > 1) {
      return [problem(context, 'error', `${context.name} runs one WSGI application, but ${apps.length} are connected.`, 'Keep one Flask app on this Gunicorn, and give the others their own Gunicorn.')];
    }
    return [];
  },
};
