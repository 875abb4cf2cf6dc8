import type { KindDeclaration } from '../services.ts';

/** Redis answers commands from the applications linked to it. */
export const redisDeclaration: KindDeclaration = {
  role: 'a cache',
  serves: ['redis'],
  uses: [],
};
