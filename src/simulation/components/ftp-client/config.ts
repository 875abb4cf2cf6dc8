import { z } from '../../io/zod.ts';
import { ipv4, milliseconds } from '../shared-config.ts';
import { parseFtpUrl } from '../../protocols/ftp.ts';

export const downloadSchema = z.strictObject({
  url: z
    .string()
    .refine((url) => parseFtpUrl(url) !== undefined, { message: 'must be an ftp:// URL with a file, such as ftp://alice:secret@files.example.com/hello.txt' })
    .describe('What to download: ftp://user:password@host[:port]/path (without a user: anonymous)'),
  atMs: milliseconds.default(0).describe('When the command runs, in virtual milliseconds'),
  mode: z
    .enum(['EPSV', 'PASV'])
    .default('EPSV')
    .describe('How to ask for the data connection: EPSV (RFC 2428, what curl tries first) or PASV (RFC 959, with the address in the reply)'),
});

export const ftpClientConfigSchema = z.strictObject({
  address: ipv4.default('10.0.0.11').describe("The machine's IP address"),
  nameserver: ipv4.optional().describe('The DNS resolver to ask (resolv.conf); by default the linked resolver'),
  downloads: z.array(downloadSchema).max(100).default([{ url: 'ftp://alice:secret@files.example.com/hello.txt', atMs: 0, mode: 'EPSV' }]).describe('Files to download, one curl command each'),
});

export type FtpClientConfig = z.infer<typeof ftpClientConfigSchema>;
export type Download = z.infer<typeof downloadSchema>;
