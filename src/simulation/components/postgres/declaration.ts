import type { KindDeclaration } from '../services.ts';

/** PostgreSQL answers SQL from the applications linked to it. */
export const postgresDeclaration: KindDeclaration = {
  role: 'a database',
  serves: ['sql'],
  uses: [],
};
