/**
 * The heading Chromium puts above each family of network errors, so the engine's notes and
 * the tab's error page say the same words.
 *
 * @example errorHeading('NET::ERR_CERT_DATE_INVALID') === 'Your connection is not private'
 */
export function errorHeading(code: string): string {
  if (code.startsWith('NET::ERR_CERT')) return 'Your connection is not private';
  if (code === 'ERR_SSL_PROTOCOL_ERROR') return 'This site can’t provide a secure connection';
  if (code === 'ERR_TOO_MANY_REDIRECTS' || code === 'ERR_EMPTY_RESPONSE' || code === 'ERR_INVALID_HTTP_RESPONSE') return 'This page isn’t working';
  return 'This site can’t be reached';
}
