import type { KindDeclaration } from '../services.ts';

/** A WebSocket server is reached over HTTP: the connection starts as an HTTP request and is upgraded. */
export const websocketServerDeclaration: KindDeclaration = {
  role: 'a WebSocket server',
  serves: ['http'],
  uses: [],
};
