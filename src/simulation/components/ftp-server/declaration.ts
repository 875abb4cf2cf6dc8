import type { KindDeclaration } from '../services.ts';

/** An FTP server answers FTP clients. */
export const ftpServerDeclaration: KindDeclaration = {
  role: 'an FTP server',
  serves: ['ftp'],
  uses: [],
};
