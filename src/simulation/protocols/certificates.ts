/**
 * X.509 certificates as structured data, and how Chromium judges a server's chain: a path up
 * to a root it trusts, every certificate within its dates, and the host among the leaf's
 * subjectAltName DNS names (RFC 6125; Chromium has ignored the subject's CN since version 58).
 * No signatures are computed: a certificate "is issued by" the one whose subject its issuer
 * names.
 */

export interface Certificate {
  /** The subject's common name (CN). */
  readonly subject: string;
  /** subjectAltName DNS names; `*.example.com` covers one label. */
  readonly san: readonly string[];
  /** The issuer's common name: the subject of the certificate that signed this one. */
  readonly issuer: string;
  /** Validity, as calendar days (UTC): from the start of notBefore to the end of notAfter. */
  readonly notBefore: string;
  readonly notAfter: string;
}

/** Chromium's net error for a certificate it refuses. */
export type CertificateError = 'NET::ERR_CERT_AUTHORITY_INVALID' | 'NET::ERR_CERT_COMMON_NAME_INVALID' | 'NET::ERR_CERT_DATE_INVALID';

export type Verdict =
  | { readonly ok: true; readonly path: readonly string[] }
  | { readonly ok: false; readonly code: CertificateError; readonly explanation: string; readonly detail: string };

const DAY_MS = 86_400_000;

function startOf(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

function endOf(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) + DAY_MS - 1;
}

/** Whether a SAN DNS name covers `host` (RFC 6125 section 6.4: a wildcard stands for exactly the leftmost label). */
export function nameMatches(pattern: string, host: string): boolean {
  const want = host.toLowerCase().replace(/\.$/, '');
  const name = pattern.toLowerCase().replace(/\.$/, '');
  if (!name.startsWith('*.')) return name === want;
  const dot = want.indexOf('.');
  return dot > 0 && want.slice(dot + 1) === name.slice(2) && name.slice(2).includes('.');
}

/** The chain from the leaf up, as far as it goes, and whether it ends at a trusted root. */
function buildPath(chain: readonly Certificate[], trusted: ReadonlySet<string>): { path: Certificate[]; anchor: string | undefined; selfSigned: boolean } {
  const leaf = chain[0]!;
  const path: Certificate[] = [leaf];
  let current = leaf;
  for (let hops = 0; hops < 10; hops++) {
    if (trusted.has(current.issuer)) return { path, anchor: current.issuer, selfSigned: false };
    if (current.issuer === current.subject) return { path, anchor: undefined, selfSigned: path.length === 1 };
    const parent = chain.find((certificate) => certificate.subject === current.issuer && !path.includes(certificate));
    if (!parent) break;
    path.push(parent);
    current = parent;
  }
  return { path, anchor: undefined, selfSigned: false };
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const INTERCEPTION = 'This may be caused by a misconfiguration or an attacker intercepting your connection.';

/**
 * Chromium's judgement of the chain a server sent (its own certificate first) for `host`, at
 * `nowMs` (wall-clock milliseconds). Several faults give the most serious, in Chromium's
 * order (MapCertStatusToNetError): authority, then name, then dates.
 */
export function verifyChain(chain: readonly Certificate[], host: string, nowMs: number, trustStore: readonly string[]): Verdict {
  if (chain.length === 0) {
    return { ok: false, code: 'NET::ERR_CERT_AUTHORITY_INVALID', explanation: `This server could not prove that it is ${host}. ${INTERCEPTION}`, detail: 'The server sent no certificate.' };
  }
  const leaf = chain[0]!;
  const trusted = new Set(trustStore);
  const { path, anchor, selfSigned } = buildPath(chain, trusted);
  if (anchor === undefined) {
    const top = path.at(-1)!;
    const detail = selfSigned
      ? `The certificate for ${leaf.subject} is self-signed: it names itself as its issuer, and "${leaf.subject}" is not in the browser's trust store.`
      : `The chain ends at "${top.issuer}", which is neither sent by the server nor in the browser's trust store (${trustStore.join(', ') || 'empty'}).`;
    return { ok: false, code: 'NET::ERR_CERT_AUTHORITY_INVALID', explanation: `This server could not prove that it is ${host}; its security certificate is not trusted by your computer's operating system. ${INTERCEPTION}`, detail };
  }
  if (!leaf.san.some((name) => nameMatches(name, host))) {
    const names = leaf.san.length > 0 ? leaf.san.join(', ') : 'no names at all';
    return {
      ok: false,
      code: 'NET::ERR_CERT_COMMON_NAME_INVALID',
      explanation: `This server could not prove that it is ${host}; its security certificate is from ${leaf.san[0] ?? leaf.subject}. ${INTERCEPTION}`,
      detail: `The certificate's subjectAltName lists ${names}; none of them is ${host}.`,
    };
  }
  for (const certificate of path) {
    if (nowMs > endOf(certificate.notAfter)) {
      const days = Math.floor((nowMs - endOf(certificate.notAfter)) / DAY_MS);
      return {
        ok: false,
        code: 'NET::ERR_CERT_DATE_INVALID',
        explanation: `This server could not prove that it is ${host}; its security certificate expired ${days} days ago. ${INTERCEPTION}`,
        detail: `The certificate for ${certificate.subject} was valid from ${certificate.notBefore} to ${certificate.notAfter}; the browser's clock says ${day(nowMs)}.`,
      };
    }
    if (nowMs < startOf(certificate.notBefore)) {
      return {
        ok: false,
        code: 'NET::ERR_CERT_DATE_INVALID',
        explanation: `This server could not prove that it is ${host}; its security certificate is not valid yet. ${INTERCEPTION}`,
        detail: `The certificate for ${certificate.subject} is valid from ${certificate.notBefore}; the browser's clock says ${day(nowMs)}.`,
      };
    }
  }
  return { ok: true, path: [...path.map((certificate) => certificate.subject), anchor] };
}
