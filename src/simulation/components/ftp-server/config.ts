import { z } from '../../io/zod.ts';
import { ipv4, port } from '../shared-config.ts';

const fileSchema = z.strictObject({
  path: z
    .string()
    .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, { message: 'must be a relative path such as pub/hello.txt' })
    .describe('Where the file is, from the user\'s home directory'),
  content: z.string().max(100_000).describe('What the file holds (text)'),
});

export const ftpServerConfigSchema = z.strictObject({
  address: ipv4.default('10.0.0.8').describe("The machine's IP address"),
  port: port.default(21).describe('listen_port in vsftpd.conf: the control connection'),
  users: z
    .array(z.strictObject({ name: z.string().min(1).max(64), password: z.string().max(128) }))
    .max(50)
    .default([{ name: 'alice', password: 'secret' }])
    .describe('Accounts that may log in, with their passwords'),
  files: z.array(fileSchema).max(100).default([{ path: 'hello.txt', content: 'Hello, FTP!\n' }]).describe('The files the server offers'),
  pasv_min_port: port.default(30000).describe('pasv_min_port in vsftpd.conf: the first port a passive data connection may use'),
});

export type FtpServerConfig = z.infer<typeof ftpServerConfigSchema>;
