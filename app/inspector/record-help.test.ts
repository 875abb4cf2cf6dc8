import { describe, expect, it } from 'vitest';
import { recordHelp } from './record-help.ts';

const oneSentence = (text: string | undefined) => {
  // Ends with a full stop, and no other sentence starts inside it (names such as example.com begin in lower case).
  expect(text).toMatch(/\.$/);
  expect(text).not.toMatch(/\. [A-Z]/);
};

describe('recordHelp', () => {
  it('explains each record type in one sentence, with what its section means', () => {
    const cases: [string, string, string, string, string, RegExp][] = [
      ['Answer', 'example.com', 'A', '300 s', '10.0.0.2', /^example\.com has the IPv4 address 10\.0\.0\.2.*cacheable for 300 s/],
      ['Answer', 'example.com', 'AAAA', '300 s', '2001:db8::2', /IPv6 address 2001:db8::2/],
      ['Answer', 'www.example.com', 'CNAME', '300 s', 'example.com', /^www\.example\.com is an alias whose real name is example\.com/],
      ['Authority', 'com', 'NS', '172800 s', 'a.gtld-servers.net', /^A referral: .*a\.gtld-servers\.net is a name server for com, so the resolver asks it next/],
      ['Additional', 'a.gtld-servers.net', 'A', '172800 s', '192.5.6.30', /^Glue: the IPv4 address of the name server a\.gtld-servers\.net/],
      ['Authority', 'com', 'SOA', '900 s', 'a.gtld-servers.net nstld.verisign-grs.com 1 1800 900 604800 900', /\(900 s\) says how long a resolver may remember/],
      ['Answer', 'application', 'A', '0 s', '172.18.0.2', /not to be cached at all/],
    ];
    for (const [section, name, type, ttl, data, expected] of cases) {
      const help = recordHelp(section, name, type, ttl, data);
      expect(help).toMatch(expected);
      oneSentence(help);
    }
  });

  it('has nothing to say about a type it does not know', () => {
    expect(recordHelp('Answer', 'x', 'TXT', '1 s', 'hi')).toBeUndefined();
  });
});
