import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataEndpoint, extendedPassiveReply, parseFtpUrl, passiveReply, rawCommand, rawReply } from './ftp.ts';

describe('FTP lines (RFC 959 section 4)', () => {
  it('writes a command with or without its argument, and a reply, each ending in CRLF', () => {
    expect(rawCommand({ command: 'USER', argument: 'alice' })).toBe('USER alice\r\n');
    expect(rawCommand({ command: 'EPSV', argument: '' })).toBe('EPSV\r\n');
    expect(rawReply({ code: 230, text: 'Login successful.' })).toBe('230 Login successful.\r\n');
  });
});

describe('passive mode: where the data connection goes', () => {
  it('PASV writes the address and port as h1,h2,h3,h4,p1,p2, and reading it back gives them, for any address and port (fast-check)', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 1, max: 65535 }), (address, port) => {
        expect(dataEndpoint(passiveReply(address, port), '0.0.0.0')).toEqual({ address, port });
      }),
    );
    expect(passiveReply('10.0.0.8', 30000).text).toBe('Entering Passive Mode (10,0,0,8,117,48).');
  });

  it('EPSV names the port between |||…| and the address is the server’s own (RFC 2428 section 3)', () => {
    expect(extendedPassiveReply(30001).text).toBe('Entering Extended Passive Mode (|||30001|)');
    expect(dataEndpoint(extendedPassiveReply(30001), '10.0.0.8')).toEqual({ address: '10.0.0.8', port: 30001 });
  });

  it('reads nothing from another reply or a broken one', () => {
    expect(dataEndpoint({ code: 200, text: 'Switching to Binary mode.' }, '10.0.0.8')).toBeUndefined();
    expect(dataEndpoint({ code: 227, text: 'Entering Passive Mode (10,0,0,300,1,2).' }, '10.0.0.8')).toBeUndefined();
  });
});

describe('ftp:// URLs (RFC 1738 section 3.2)', () => {
  it('reads the user, password, host, port and path', () => {
    expect(parseFtpUrl('ftp://alice:secret@Files.Example.com:2121/pub/hello.txt')).toEqual({ user: 'alice', password: 'secret', host: 'files.example.com', port: 2121, path: 'pub/hello.txt' });
  });

  it('logs in as anonymous without a user (RFC 1635), and refuses a URL with no file', () => {
    expect(parseFtpUrl('ftp://files.example.com/hello.txt')).toMatchObject({ user: 'anonymous', password: 'anonymous@', port: 21 });
    expect(parseFtpUrl('ftp://files.example.com/')).toBeUndefined();
    expect(parseFtpUrl('http://files.example.com/hello.txt')).toBeUndefined();
  });
});
