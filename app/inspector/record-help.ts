/**
 * One sentence explaining a DNS resource record as the inspector lists it (section, name,
 * type, TTL, data): what the record says, and what its section makes of it for the one who
 * asked. RFC 1034 section 4.3.2 (answers, referrals) and RFC 2308 (negative answers).
 */
export function recordHelp(section: string, name: string, type: string, ttl: string, data: string): string | undefined {
  const keep = ttl === '0 s' ? 'not to be cached at all' : `cacheable for ${ttl}`;
  switch (type) {
    case 'A':
      return section === 'Additional'
        ? `Glue: the IPv4 address of the name server ${name}, given so the resolver can reach it without looking it up first (${keep}).`
        : `${name} has the IPv4 address ${data}, the address a client connects to (${keep}).`;
    case 'AAAA':
      return section === 'Additional'
        ? `Glue: the IPv6 address of the name server ${name}, given so the resolver can reach it without looking it up first (${keep}).`
        : `${name} has the IPv6 address ${data}, the address an IPv6 client connects to (${keep}).`;
    case 'CNAME':
      return `${name} is an alias whose real name is ${data}, so the lookup goes on with ${data}'s own records (${keep}).`;
    case 'NS':
      return section === 'Authority'
        ? `A referral: this server does not know the answer, but ${data} is a name server for ${name}, so the resolver asks it next (${keep}).`
        : `${data} is a name server for the zone ${name} (${keep}).`;
    case 'SOA': {
      const minimum = data.split(' ').at(-1);
      return `The zone ${name}'s start of authority, sent with an answer that has no records: its last number (${minimum} s) says how long a resolver may remember that the name or type does not exist.`;
    }
    default:
      return undefined;
  }
}
