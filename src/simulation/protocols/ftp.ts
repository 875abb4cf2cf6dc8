/**
 * RFC 959 FTP, and RFC 2428's EPSV: the control connection's commands and replies, one
 * line each ending in CRLF, and the passive-mode replies that say where the data connection
 * goes. Reply texts are vsftpd 3.0.3's, the server most Linux distributions ship.
 */

export const FTP_PORT = 21;

/** A command line: "USER alice", "PASV", "RETR hello.txt". */
export interface FtpCommand {
  readonly command: string;
  readonly argument: string;
}

/** A reply line: a three-digit code, then text. */
export interface FtpReply {
  readonly code: number;
  readonly text: string;
}

export function rawCommand({ command, argument }: FtpCommand): string {
  return argument === '' ? `${command}\r\n` : `${command} ${argument}\r\n`;
}

export function rawReply({ code, text }: FtpReply): string {
  return `${code} ${text}\r\n`;
}

/** vsftpd's replies, by what they answer. */
export const VSFTPD = {
  greeting: { code: 220, text: '(vsFTPd 3.0.3)' },
  password: { code: 331, text: 'Please specify the password.' },
  loggedIn: { code: 230, text: 'Login successful.' },
  loginIncorrect: { code: 530, text: 'Login incorrect.' },
  loginFirst: { code: 530, text: 'Please login with USER and PASS.' },
  binary: { code: 200, text: 'Switching to Binary mode.' },
  system: { code: 215, text: 'UNIX Type: L8' },
  transferComplete: { code: 226, text: 'Transfer complete.' },
  noFile: { code: 550, text: 'Failed to open file.' },
  usePasvFirst: { code: 425, text: 'Use PORT or PASV first.' },
  goodbye: { code: 221, text: 'Goodbye.' },
  unknown: { code: 500, text: 'Unknown command.' },
} as const satisfies Record<string, FtpReply>;

/** 150 before a file goes out: vsftpd names the file and its size. */
export function openingReply(path: string, bytes: number): FtpReply {
  return { code: 150, text: `Opening BINARY mode data connection for ${path} (${bytes} bytes).` };
}

/** 227: the address and port to connect to, as six decimal numbers h1,h2,h3,h4,p1,p2 (port = p1 × 256 + p2). */
export function passiveReply(address: string, port: number): FtpReply {
  return { code: 227, text: `Entering Passive Mode (${address.split('.').join(',')},${port >> 8},${port & 0xff}).` };
}

/** 229: the port alone, between the delimiters RFC 2428 section 3 specifies; the address is the control connection's. */
export function extendedPassiveReply(port: number): FtpReply {
  return { code: 229, text: `Entering Extended Passive Mode (|||${port}|)` };
}

/** Where a 227 or 229 reply says the data connection goes; the address of a 229 is the server's own. */
export function dataEndpoint(reply: FtpReply, serverAddress: string): { readonly address: string; readonly port: number } | undefined {
  if (reply.code === 227) {
    const numbers = /\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)/.exec(reply.text)?.slice(1).map(Number);
    if (!numbers || numbers.some((value) => value > 255)) return undefined;
    return { address: numbers.slice(0, 4).join('.'), port: numbers[4]! * 256 + numbers[5]! };
  }
  if (reply.code === 229) {
    const port = /\(\|\|\|(\d+)\|\)/.exec(reply.text)?.[1];
    return port === undefined ? undefined : { address: serverAddress, port: Number(port) };
  }
  return undefined;
}

/** The parts of an ftp:// URL (RFC 1738 section 3.2): user and password, host, port and path. */
export interface FtpUrl {
  readonly user: string;
  readonly password: string;
  readonly host: string;
  readonly port: number;
  /** The path without its leading slash: what RETR asks for. */
  readonly path: string;
}

/** Reads ftp://[user[:password]@]host[:port]/path; without a user, anonymous as RFC 1635 says. */
export function parseFtpUrl(url: string): FtpUrl | undefined {
  const match = /^ftp:\/\/(?:([^:@/\s]+)(?::([^@/\s]*))?@)?([^/:@\s]+)(?::(\d{1,5}))?\/([^\s]+)$/.exec(url);
  if (!match) return undefined;
  return {
    user: match[1] === undefined ? 'anonymous' : decodeURIComponent(match[1]),
    password: match[2] === undefined ? (match[1] === undefined ? 'anonymous@' : '') : decodeURIComponent(match[2]),
    host: match[3]!.toLowerCase(),
    port: match[4] ? Number(match[4]) : FTP_PORT,
    path: decodeURIComponent(match[5]!),
  };
}
