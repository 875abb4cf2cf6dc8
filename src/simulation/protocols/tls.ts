import type { HttpRequestPayload, HttpResponsePayload, TlsHandshake, TlsPayload, TlsRecord, TlsVersion } from '../engine/packet.ts';
import type { Rng } from '../engine/rng.ts';
import type { Certificate } from './certificates.ts';
import { httpByteLength, requestLine, statusLine } from './http.ts';

/**
 * TLS 1.3 (RFC 8446) and TLS 1.2 with ECDHE (RFC 5246, RFC 8422) as records and handshake
 * messages with their fields and sizes. Nothing is encrypted for real: a record knows what it
 * carries and how many bytes it takes on the wire, and the inspector shows both views.
 *
 * Sizes follow the recording (../shared/reference/tls13-handshake.json: nginx 1.22 with
 * OpenSSL 3.0 and a 2048-bit RSA key), whose lengths this module reproduces for the same
 * messages: ServerHello 122 bytes, CertificateVerify 264, NewSessionTicket 265, an encrypted
 * record 5 + plaintext + 1 + 16. The ClientHello is Chromium's, sized from its extensions.
 */

export const TLS_PORT = 443;

/** Chromium's cipher suites, in its order of preference (GREASE left out). */
export const CHROMIUM_CIPHER_SUITES = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_AES_256_CBC_SHA',
] as const;

/**
 * The suite an OpenSSL server with an RSA key picks from Chromium's list: the client's first
 * it supports for the version (nginx's default `ssl_prefer_server_ciphers off`).
 */
export function chosenCipher(version: TlsVersion): string {
  return version === 'TLS 1.3' ? 'TLS_AES_128_GCM_SHA256' : 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256';
}

/** Bytes of a Finished message: its header and the verify_data (the suite's hash length in 1.3, 12 bytes in 1.2). */
function finishedLength(version: TlsVersion, cipher: string): number {
  if (version === 'TLS 1.2') return 4 + 12;
  return 4 + (cipher.endsWith('SHA384') ? 48 : 32);
}

/** The record that carries `plaintext` bytes once keys are in use (AES-GCM: 1.3 adds the inner type and a 16-byte tag; 1.2 an 8-byte nonce and the tag). */
export function sealedLength(version: TlsVersion, plaintext: number): number {
  return version === 'TLS 1.3' ? plaintext + 1 + 16 : 8 + plaintext + 16;
}

export function randomHex(rng: Rng, bytes: number): string {
  let hex = '';
  for (let index = 0; index < bytes; index++) hex += rng.int(0, 255).toString(16).padStart(2, '0');
  return hex;
}

function plainRecord(handshake: TlsHandshake): TlsRecord {
  return { type: 'handshake', encrypted: false, length: handshake.length, handshake };
}

function sealedRecord(version: TlsVersion, handshake: TlsHandshake): TlsRecord {
  return { type: 'handshake', encrypted: true, length: sealedLength(version, handshake.length), handshake };
}

const CHANGE_CIPHER_SPEC: TlsRecord = { type: 'change_cipher_spec', encrypted: false, length: 1 };

/** Chromium's ClientHello extensions with the bytes of their data: [name, value shown, data length]. */
function clientHelloExtensions(host: string, keyShare: string): [string, string, number][] {
  return [
    ['server_name', host, 2 + 1 + 2 + host.length],
    ['extended_master_secret', '', 0],
    ['renegotiation_info', '', 1],
    ['supported_groups', 'X25519MLKEM768, x25519, secp256r1, secp384r1', 2 + 2 * 4],
    ['ec_point_formats', 'uncompressed', 2],
    ['session_ticket', 'empty (asks for a ticket)', 0],
    ['application_layer_protocol_negotiation', 'h2, http/1.1', 2 + 3 + 9],
    ['status_request', 'OCSP', 5],
    ['signature_algorithms', 'ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256, ecdsa_secp384r1_sha384, rsa_pss_rsae_sha384, rsa_pkcs1_sha384, rsa_pss_rsae_sha512, rsa_pkcs1_sha512', 2 + 2 * 8],
    ['signed_certificate_timestamp', '', 0],
    ['key_share', `X25519MLKEM768 (1216 bytes), x25519 ${keyShare}`, 2 + (4 + 1216) + (4 + 32)],
    ['psk_key_exchange_modes', 'psk_dhe_ke', 2],
    ['supported_versions', 'TLS 1.3, TLS 1.2', 1 + 2 * 2],
    ['compress_certificate', 'brotli', 3],
    ['application_settings', 'h2', 5],
  ];
}

/** Chromium's ClientHello: legacy version 1.2, a random, a 32-byte legacy session id (RFC 8446 appendix D.4), its suites and extensions. */
export function clientHello(rng: Rng, host: string): TlsPayload {
  const random = randomHex(rng, 32);
  const sessionId = randomHex(rng, 32);
  const keyShare = randomHex(rng, 32);
  const extensions = clientHelloExtensions(host, keyShare);
  const extensionBytes = extensions.reduce((sum, [, , length]) => sum + 4 + length, 0);
  const length = 4 + 2 + 32 + 1 + 32 + 2 + 2 * CHROMIUM_CIPHER_SUITES.length + 2 + 2 + extensionBytes;
  const handshake: TlsHandshake = {
    type: 'ClientHello',
    length,
    fields: [
      ['legacy_version', 'TLS 1.2 (0x0303)'],
      ['random', random],
      ['legacy_session_id', sessionId],
      ['cipher_suites', CHROMIUM_CIPHER_SUITES.join(', ')],
      ['compression_methods', 'null'],
      ...extensions.map(([name, value]): [string, string] => [`extension: ${name}`, value || '(empty)']),
    ],
  };
  return { protocol: 'tls', version: 'TLS 1.3', records: [plainRecord(handshake)] };
}

/** Bytes of a DER certificate, estimated: a 2048-bit RSA certificate's fixed part and its names. */
export function derLength(certificate: Certificate): number {
  return 760 + certificate.subject.length + certificate.issuer.length + certificate.san.reduce((sum, name) => sum + 2 + name.length, 0);
}

function certificateMessage(version: TlsVersion, chain: readonly Certificate[]): TlsHandshake {
  // 1.3: context, list length, then each certificate with its 2-byte extensions; 1.2: list length and certificates.
  const entries = chain.reduce((sum, certificate) => sum + 3 + derLength(certificate) + (version === 'TLS 1.3' ? 2 : 0), 0);
  const length = 4 + (version === 'TLS 1.3' ? 1 : 0) + 3 + entries;
  return {
    type: 'Certificate',
    length,
    fields: chain.map((certificate, index): [string, string] => [
      index === 0 ? 'certificate (server)' : `certificate ${index + 1}`,
      `subject CN=${certificate.subject}; issuer CN=${certificate.issuer}; SAN ${certificate.san.join(', ') || 'none'}; valid ${certificate.notBefore} to ${certificate.notAfter}`,
    ]),
    certificates: chain,
  };
}

function serverRandom(rng: Rng): string {
  return randomHex(rng, 32);
}

/**
 * The server's first flight. TLS 1.3 (RFC 8446 section 2): ServerHello, the middlebox-
 * compatibility ChangeCipherSpec (appendix D.4), then EncryptedExtensions, Certificate,
 * CertificateVerify and Finished under the handshake keys. TLS 1.2 (RFC 5246 section 7.3):
 * ServerHello, Certificate, ServerKeyExchange (ECDHE on x25519) and ServerHelloDone, in clear.
 */
export function serverFlight(rng: Rng, version: TlsVersion, sessionId: string, chain: readonly Certificate[]): TlsPayload {
  const cipher = chosenCipher(version);
  const random = serverRandom(rng);
  if (version === 'TLS 1.3') {
    const keyShare = randomHex(rng, 32);
    const hello: TlsHandshake = {
      type: 'ServerHello',
      length: 4 + 2 + 32 + 1 + 32 + 2 + 1 + 2 + (4 + 2) + (4 + 2 + 2 + 32),
      fields: [
        ['legacy_version', 'TLS 1.2 (0x0303)'],
        ['random', random],
        ['legacy_session_id_echo', sessionId],
        ['cipher_suite', cipher],
        ['extension: supported_versions', 'TLS 1.3'],
        ['extension: key_share', `x25519 ${keyShare}`],
      ],
    };
    const extensions: TlsHandshake = {
      type: 'EncryptedExtensions',
      length: 4 + 2 + 4 + (4 + 2 + 1 + 8),
      fields: [
        ['extension: server_name', '(empty: the name was used)'],
        ['extension: application_layer_protocol_negotiation', 'http/1.1'],
      ],
    };
    const verify: TlsHandshake = { type: 'CertificateVerify', length: 4 + 2 + 2 + 256, fields: [['algorithm', 'rsa_pss_rsae_sha256'], ['signature', '256 bytes over the handshake so far, made with the certificate\'s private key']] };
    return {
      protocol: 'tls',
      version,
      records: [plainRecord(hello), CHANGE_CIPHER_SPEC, sealedRecord(version, extensions), sealedRecord(version, certificateMessage(version, chain)), sealedRecord(version, verify), sealedRecord(version, finished(version, cipher))],
    };
  }
  const hello: TlsHandshake = {
    type: 'ServerHello',
    length: 4 + 2 + 32 + 1 + 32 + 2 + 1 + 2 + (4 + 1) + (4 + 4) + 4 + (4 + 2 + 1 + 8) + 4,
    fields: [
      ['server_version', 'TLS 1.2 (0x0303)'],
      ['random', random],
      ['session_id', randomHex(rng, 32)],
      ['cipher_suite', cipher],
      ['extension: renegotiation_info', '(empty)'],
      ['extension: ec_point_formats', 'uncompressed, ansiX962_compressed_prime, ansiX962_compressed_char2'],
      ['extension: session_ticket', '(empty: a ticket will follow)'],
      ['extension: application_layer_protocol_negotiation', 'http/1.1'],
      ['extension: extended_master_secret', '(empty)'],
    ],
  };
  const keyExchange: TlsHandshake = {
    type: 'ServerKeyExchange',
    length: 4 + 1 + 2 + 1 + 32 + 2 + 2 + 256,
    fields: [
      ['curve', 'x25519 (named_curve)'],
      ['public key', randomHex(rng, 32)],
      ['signature algorithm', 'rsa_pss_rsae_sha256'],
      ['signature', '256 bytes over both randoms and the key, made with the certificate\'s private key'],
    ],
  };
  const done: TlsHandshake = { type: 'ServerHelloDone', length: 4, fields: [] };
  return { protocol: 'tls', version, records: [plainRecord(hello), plainRecord(certificateMessage(version, chain)), plainRecord(keyExchange), plainRecord(done)] };
}

function finished(version: TlsVersion, cipher: string): TlsHandshake {
  const length = finishedLength(version, cipher);
  return { type: 'Finished', length, fields: [['verify_data', `${length - 4} bytes: a MAC over the whole handshake, proving both sides saw the same messages`]] };
}

/**
 * The client's last flight. 1.3: ChangeCipherSpec (compatibility) and Finished; application
 * data may follow at once. 1.2: ClientKeyExchange (its x25519 key), ChangeCipherSpec, then
 * Finished, the first record under the new keys.
 */
export function clientFinished(rng: Rng, version: TlsVersion): TlsPayload {
  const cipher = chosenCipher(version);
  if (version === 'TLS 1.3') return { protocol: 'tls', version, records: [CHANGE_CIPHER_SPEC, sealedRecord(version, finished(version, cipher))] };
  const keyExchange: TlsHandshake = { type: 'ClientKeyExchange', length: 4 + 1 + 32, fields: [['public key', `x25519 ${randomHex(rng, 32)}`]] };
  return { protocol: 'tls', version, records: [plainRecord(keyExchange), CHANGE_CIPHER_SPEC, sealedRecord(version, finished(version, cipher))] };
}

/** OpenSSL's session ticket: 265 bytes in 1.3 (as recorded), 202 in 1.2. */
function ticket(version: TlsVersion): TlsHandshake {
  if (version === 'TLS 1.3') {
    return {
      type: 'NewSessionTicket',
      length: 4 + 4 + 4 + 1 + 8 + 2 + 240 + 2,
      fields: [['ticket_lifetime', '7200 s'], ['ticket', '240 bytes, opaque to the client: the session, sealed with the server\'s ticket key']],
    };
  }
  return { type: 'NewSessionTicket', length: 4 + 4 + 2 + 192, fields: [['ticket_lifetime_hint', '7200 s'], ['ticket', '192 bytes, opaque to the client']] };
}

/** A TLS 1.3 NewSessionTicket, sent after the handshake (RFC 8446 section 4.6.1); OpenSSL sends two. */
export function sessionTicket(): TlsPayload {
  return { protocol: 'tls', version: 'TLS 1.3', records: [sealedRecord('TLS 1.3', ticket('TLS 1.3'))] };
}

/** The TLS 1.2 server's last flight (RFC 5077 section 3.3): NewSessionTicket, ChangeCipherSpec, Finished. */
export function serverFinished12(): TlsPayload {
  const version: TlsVersion = 'TLS 1.2';
  return { protocol: 'tls', version, records: [plainRecord(ticket(version)), CHANGE_CIPHER_SPEC, sealedRecord(version, finished(version, chosenCipher(version)))] };
}

/** An HTTP message as one application_data record. */
export function applicationData(version: TlsVersion, data: HttpRequestPayload | HttpResponsePayload): TlsPayload {
  return { protocol: 'tls', version, records: [{ type: 'application_data', encrypted: true, length: sealedLength(version, httpByteLength(data)) }], data };
}

/** An alert: close_notify when a side closes (warning), or the fatal alert that ends a failed handshake. */
export function alert(version: TlsVersion, level: 'warning' | 'fatal', description: string, encrypted = true): TlsPayload {
  return { protocol: 'tls', version, records: [{ type: 'alert', encrypted, length: encrypted ? sealedLength(version, 2) : 2, alert: { level, description } }] };
}

/** Bytes the records take in the TCP segment: each record's 5-byte header and its contents. */
export function tlsByteLength(payload: TlsPayload): number {
  let total = 0;
  for (const record of payload.records) total += 5 + record.length;
  return total;
}

/** The handshake messages, by name, that a payload carries. */
export function handshakeTypes(payload: TlsPayload): string[] {
  return payload.records.flatMap((record) => (record.handshake ? [record.handshake.type] : []));
}

const SPACED: Readonly<Record<string, string>> = {
  ClientHello: 'Client Hello',
  ServerHello: 'Server Hello',
  EncryptedExtensions: 'Encrypted Extensions',
  Certificate: 'Certificate',
  CertificateVerify: 'Certificate Verify',
  ServerKeyExchange: 'Server Key Exchange',
  ServerHelloDone: 'Server Hello Done',
  ClientKeyExchange: 'Client Key Exchange',
  Finished: 'Finished',
  NewSessionTicket: 'New Session Ticket',
};

const titleCase = (text: string): string => text.split('_').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ');

/** What one record is, decrypted, as Wireshark's Info column names it with the session keys. */
export function recordName(record: TlsRecord): string {
  if (record.handshake) return SPACED[record.handshake.type] ?? record.handshake.type;
  if (record.type === 'change_cipher_spec') return 'Change Cipher Spec';
  if (record.alert) return `Alert (Level: ${titleCase(record.alert.level)}, Description: ${titleCase(record.alert.description)})`;
  return 'Application Data';
}

/** What an eavesdropper's Wireshark says of a record without the keys. */
export function wireName(record: TlsRecord, version: TlsVersion): string {
  if (!record.encrypted) return recordName(record);
  if (version === 'TLS 1.3') return 'Application Data';
  return record.type === 'handshake' ? 'Encrypted Handshake Message' : record.type === 'alert' ? 'Encrypted Alert' : 'Application Data';
}

/**
 * The Info line, as in the recording's decrypted capture (tshark): the records' names,
 * joined; for application data, the HTTP message inside it.
 */
export function tlsSummary(payload: TlsPayload): string {
  if (payload.data) return `Application Data: ${payload.data.kind === 'request' ? requestLine(payload.data) : statusLine(payload.data)}`;
  return payload.records.map(recordName).join(', ');
}

const CONTENT_TYPES: Readonly<Record<TlsRecord['type'], number>> = { change_cipher_spec: 20, alert: 21, handshake: 22, application_data: 23 };

/**
 * The wire view: each record's 5-byte header in hex (content type, legacy version, length)
 * and what follows it, as an eavesdropper could copy it. Ciphertext is not computed: its
 * bytes are shown by count only.
 */
export function tlsWireView(payload: TlsPayload): string {
  return payload.records
    .map((record) => {
      // RFC 8446 section 5.1: the first ClientHello says 0x0301; every other record 0x0303. Sealed 1.3 records say application_data.
      const legacy = record.handshake?.type === 'ClientHello' ? '03 01' : '03 03';
      const type = record.encrypted && payload.version === 'TLS 1.3' ? CONTENT_TYPES.application_data : CONTENT_TYPES[record.type];
      const header = `${type.toString(16).padStart(2, '0')} ${legacy} ${(record.length >> 8).toString(16).padStart(2, '0')} ${(record.length & 0xff).toString(16).padStart(2, '0')}`;
      const body = record.encrypted ? `[${record.length} bytes of ciphertext]` : record.type === 'change_cipher_spec' ? '01' : `[${record.length} bytes: ${recordName(record)} in clear]`;
      return `${header}  ${body}`;
    })
    .join('\n');
}
