import type { KindDeclaration } from '../services.ts';
import { neighboursOfKind, problem } from '../check-helpers.ts';
import type { FtpClientConfig } from './config.ts';

/** An FTP client looks its server up in DNS and downloads from it. */
export const ftpClientDeclaration: KindDeclaration = {
  role: 'an FTP client',
  serves: [],
  uses: ['dns', 'ftp'],
  check(context) {
    const config = context.config as FtpClientConfig;
    const named = config.downloads.some((download) => !/^ftp:\/\/(?:[^@/]*@)?\d+\.\d+\.\d+\.\d+[:/]/.test(download.url));
    if (named && config.nameserver === undefined && neighboursOfKind(context, 'dns-resolver', 'network').length === 0) {
      return [problem(context, 'error', `${context.name} has no route to a DNS resolver, so it cannot look up the FTP server's name.`, 'Connect it to a DNS resolver with a network link, or write the server\'s IP address in the URL.')];
    }
    return [];
  },
};
