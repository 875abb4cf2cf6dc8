import type { KindDeclaration } from '../services.ts';

/** An authoritative name server answers the resolvers that ask it. */
export const dnsServerDeclaration: KindDeclaration = {
  serves: ['dns'],
  uses: [],
};
