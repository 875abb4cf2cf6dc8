import LZString from 'lz-string';
import type { TopologyDocument } from '../model/topology.ts';
import { SHARE_MESSAGES, type DocumentError } from './errors.ts';
import { MAX_DOCUMENT_BYTES, importDocument, type ImportResult } from './import.ts';
import { firstForeignCharacter, measureLzUri } from './lz-measure.ts';

/**
 * The longest share payload decodeShare reads, in characters. Browsers carry far longer
 * addresses (Chromium 2 MB), but chat apps, mail clients and QR codes cut long links, and a
 * topology at the document's own limits of nodes and links compresses to well under this
 * (docs/share-links.md has the numbers). Anything longer is refused before decompression.
 */
export const MAX_SHARE_LENGTH = 200_000;

/** What comes before the payload in a Stackscope address: `https://…/#share=<payload>`. */
export const SHARE_PREFIX = '#share=';

/**
 * The payload of a share link for `document`: its canonical JSON (keys sorted, every default
 * written out, so the same topology always gives the same link and a later change of a default
 * does not change what an old link opens), compressed with lz-string into the URI-safe alphabet
 * `A–Z a–z 0–9 + - $`.
 *
 * @example
 *   location.hash = SHARE_PREFIX + encodeShare(document);
 */
export function encodeShare(document: TopologyDocument): string {
  return LZString.compressToEncodedURIComponent(canonicalJson(document));
}

/**
 * Reads a share link: the bare payload, `share=<payload>`, `#share=<payload>` or a whole
 * address ending in one. Never throws: a link that is damaged, cut short, too long or unpacks
 * to too much is refused with path `share`; a topology inside that is invalid gets the same
 * errors as importDocument.
 *
 * @example
 *   const result = decodeShare(location.hash);
 *   if (result.ok) openReadOnly(result.document);
 */
export function decodeShare(fragment: unknown): ImportResult {
  if (typeof fragment !== 'string') return refuse(SHARE_MESSAGES.notText);
  // Generous room for a percent-encoded payload ("%24" for "$") and the address around it;
  // the exact limit applies to the payload below.
  if (fragment.length > MAX_SHARE_LENGTH * 3 + 2048) return refuse(SHARE_MESSAGES.tooLong(fragment.length, MAX_SHARE_LENGTH));
  const payload = payloadOf(fragment);
  if (typeof payload !== 'string') return { ok: false, errors: [payload] };
  if (payload === '') return refuse(SHARE_MESSAGES.empty);
  if (payload.length > MAX_SHARE_LENGTH) return refuse(SHARE_MESSAGES.tooLong(payload.length, MAX_SHARE_LENGTH));
  const foreign = firstForeignCharacter(payload);
  if (foreign >= 0) return refuse(SHARE_MESSAGES.foreignCharacter(String.fromCodePoint(payload.codePointAt(foreign)!), foreign + 1));

  const measured = measureLzUri(payload, MAX_DOCUMENT_BYTES);
  switch (measured.kind) {
    case 'empty':
      return refuse(SHARE_MESSAGES.unpackedEmpty);
    case 'truncated':
      return refuse(SHARE_MESSAGES.truncated);
    case 'invalid':
      return refuse(SHARE_MESSAGES.invalid);
    case 'too-large':
      return refuse(SHARE_MESSAGES.tooLarge(MAX_DOCUMENT_BYTES / 1024 / 1024));
    case 'ok':
      break;
  }
  let text: string | null;
  try {
    text = LZString.decompressFromEncodedURIComponent(payload);
  } catch {
    // lz-string throws on some corrupt streams; the measure above should have caught them.
    return refuse(SHARE_MESSAGES.invalid);
  }
  if (!text) return refuse(SHARE_MESSAGES.unpackedEmpty);
  if (text.length > MAX_DOCUMENT_BYTES) return refuse(SHARE_MESSAGES.tooLarge(MAX_DOCUMENT_BYTES / 1024 / 1024));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse(SHARE_MESSAGES.notJson);
  }
  return importDocument(value);
}

/**
 * The payload inside what a person or the address bar gives: after the first "#", the value
 * of `share=` among `&`-separated parts, percent-decoded ("%24" -> "$", which some apps write),
 * with spaces read as "+" (which some apps turn "+" into, and lz-string reads back).
 */
function payloadOf(fragment: string): string | DocumentError {
  const hash = fragment.indexOf('#');
  let text = hash >= 0 ? fragment.slice(hash + 1) : fragment;
  if (text.includes('=') || text.includes('&')) {
    const part = text.split('&').find((piece) => piece.startsWith('share='));
    if (part === undefined) return { path: 'share', message: SHARE_MESSAGES.noShare };
    text = part.slice('share='.length);
  }
  if (text.includes('%')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      // A "%" that starts no escape: the character check names it.
    }
  }
  return text.replaceAll(' ', '+');
}

function refuse(message: string): ImportResult {
  return { ok: false, errors: [{ path: 'share', message }] };
}

/** JSON with every object's keys in sorted order, so equal documents give equal text. */
function canonicalJson(document: TopologyDocument): string {
  return JSON.stringify(sortedKeys(document));
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  // No prototype, so a key named "__proto__" stays an ordinary key.
  const sorted: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).sort()) sorted[key] = sortedKeys((value as Record<string, unknown>)[key]);
  return sorted;
}
