import { z } from '../io/zod.ts';

const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date such as 2026-01-31' })
  .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day), { message: 'must be a real calendar date' });

const dnsName = z
  .string()
  .regex(/^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/, { message: 'must be a host name such as example.com, or *.example.com' });

/** An X.509 certificate as structured data (protocols/certificates.ts). */
export const certificateSchema = z
  .strictObject({
    subject: z.string().min(1).max(64).describe('The subject\'s common name (CN): the site, or the CA\'s name'),
    san: z.array(dnsName).max(100).default([]).describe('subjectAltName DNS names the certificate is valid for (Chromium reads only these, not the CN)'),
    issuer: z.string().min(1).max(64).describe('The common name of the CA that signed it; the same as the subject for a self-signed certificate'),
    notBefore: calendarDay.describe('First day of validity (UTC)'),
    notAfter: calendarDay.describe('Last day of validity (UTC)'),
  })
  .superRefine((certificate, context) => {
    if (certificate.notAfter < certificate.notBefore) context.addIssue({ code: 'custom', path: ['notAfter'], message: 'must not be before notBefore' });
  });

/** Let's Encrypt's usual chain for example.com: the site's certificate, then the R11 intermediate under ISRG Root X1. */
export const DEFAULT_CERTIFICATE_CHAIN = [
  { subject: 'example.com', san: ['example.com', 'www.example.com'], issuer: 'R11', notBefore: '2026-10-01', notAfter: '2026-12-30' },
  { subject: 'R11', san: [], issuer: 'ISRG Root X1', notBefore: '2024-03-13', notAfter: '2027-03-12' },
];

/** A sample of the Chrome Root Store, by the roots' common names. */
export const DEFAULT_TRUST_STORE = ['ISRG Root X1', 'ISRG Root X2', 'DigiCert Global Root G2', 'GTS Root R1', 'USERTrust RSA Certification Authority'];
