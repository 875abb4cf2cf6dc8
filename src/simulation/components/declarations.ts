import type { KindDeclarations } from './services.ts';
import { browserDeclaration } from './browser/declaration.ts';
import { dnsResolverDeclaration } from './dns-resolver/declaration.ts';
import { dnsServerDeclaration } from './dns-server/declaration.ts';
import { flaskDeclaration } from './flask/declaration.ts';
import { gunicornDeclaration } from './gunicorn/declaration.ts';
import { nginxDeclaration } from './nginx/declaration.ts';
import { postgresDeclaration } from './postgres/declaration.ts';
import { redisDeclaration } from './redis/declaration.ts';
import { websocketServerDeclaration } from './websocket-server/declaration.ts';
import { ftpServerDeclaration } from './ftp-server/declaration.ts';
import { socketServerDeclaration } from './socket-server/declaration.ts';
import { flaskDevServerDeclaration } from './flask-dev-server/declaration.ts';
import { ftpClientDeclaration } from './ftp-client/declaration.ts';

/** Every kind's declaration: the services it serves and uses, and its checks before a run. */
export const KIND_DECLARATIONS: KindDeclarations = {
  browser: browserDeclaration,
  'dns-resolver': dnsResolverDeclaration,
  'dns-server': dnsServerDeclaration,
  'socket-server': socketServerDeclaration,
  'flask-dev-server': flaskDevServerDeclaration,
  nginx: nginxDeclaration,
  gunicorn: gunicornDeclaration,
  flask: flaskDeclaration,
  postgres: postgresDeclaration,
  redis: redisDeclaration,
  'websocket-server': websocketServerDeclaration,
  'ftp-server': ftpServerDeclaration,
  'ftp-client': ftpClientDeclaration,
};
