/**
 * One sentence per HTTP header the simulated software sends, shown when a person clicks the
 * header's name in the inspector. Keys are lower case: header names are case-insensitive.
 */
const HEADER_HELP: Readonly<Record<string, string>> = {
  host: 'Which site the request is for, so one server (one IP address) can serve many names; nginx sends its upstream’s name here unless told otherwise.',
  'user-agent': 'Which program sent the request: here Chromium, naming the engines it is compatible with for historical reasons.',
  accept: 'The content types the client prefers, with q= weights; a browser asks for HTML for a page, CSS for a stylesheet, images for an <img>.',
  'accept-encoding': 'The compressions the client can undo (gzip, br, zstd); the server may compress the body with one of them.',
  'accept-language': 'The languages the person prefers, so a server can pick a translation.',
  'accept-ranges': 'The server can send parts of the file (bytes=…), which lets a download resume.',
  connection: 'Whether the connection stays open after this message (keep-alive) or closes (close); nginx asks its upstream to close after each request.',
  'content-type': 'What the body is (text/html, application/json, a form…) and its character set, so the receiver knows how to read it.',
  'content-length': 'The body’s size in bytes, so the receiver knows where this message ends and the next one starts on a kept-alive connection.',
  date: 'When the message was sent, in GMT; caches use it to work out how old a response is.',
  server: 'Which server software answered: nginx/1.22.1, or gunicorn behind it.',
  'last-modified': 'When the resource last changed; the browser sends it back in If-Modified-Since to ask whether it changed since.',
  etag: 'A fingerprint of this version of the resource; the browser sends it back in If-None-Match, and a 304 means it still matches.',
  'if-none-match': 'The ETag of the copy the browser has: if the server’s version still has that ETag, it answers 304 Not Modified with no body.',
  'if-modified-since': 'The Last-Modified date of the browser’s copy: if nothing changed since, the server answers 304 Not Modified.',
  location: 'Where to go instead: with a 3xx status the browser follows it; with 201 it names what was created.',
  'cache-control': 'Caching rules: max-age says how long a copy stays fresh, no-cache says to revalidate before each use, no-store forbids keeping it.',
  expires: 'The moment a cached copy stops being fresh (older than Cache-Control’s max-age, which wins when both are present).',
  cookie: 'The cookies the browser stored for this site and path, sent back with every request: this is how a server recognises a returning visitor.',
  'set-cookie': 'Asks the browser to store a cookie, with attributes: Path and Domain say where it goes back, HttpOnly hides it from scripts, Max-Age or Expires ends it.',
  vary: 'Which request headers changed the answer (Cookie here), so a cache does not hand one visitor’s page to another.',
  referer: 'The page that led to this request (spelled with one r since 1996); a stylesheet request names the page that linked it.',
  origin: 'The site a form submission or script request comes from; servers use it to refuse cross-site requests.',
  'upgrade-insecure-requests': 'The browser prefers the https:// version of the page if the server has one.',
  'sec-fetch-site': 'How the request relates to the page that made it: none (typed in the address bar), same-origin, same-site or cross-site.',
  'sec-fetch-mode': 'How the request is made: navigate for a page, no-cors for a stylesheet or image, cors for a script’s fetch().',
  'sec-fetch-user': 'Present (?1) when a person’s own action, such as pressing Enter, started the navigation.',
  'sec-fetch-dest': 'What the response will be used as: document, style, script, image…',
  'sec-ch-ua': 'Client hints: the browser’s brand and major version, in a structured form.',
  'sec-ch-ua-mobile': 'Client hint: ?1 on a phone, ?0 on a desktop.',
  'sec-ch-ua-platform': 'Client hint: the operating system.',
  'x-real-ip': 'Set by nginx (proxy_set_header): the client’s real address, which the application otherwise cannot see behind the proxy.',
  'x-forwarded-for': 'The chain of client addresses the request passed through, added by each proxy.',
  'x-forwarded-proto': 'Whether the client spoke http or https to the proxy, so the application builds correct links.',
  allow: 'The methods this URL accepts, sent with 405 Method Not Allowed.',
  'keep-alive': 'How long (timeout) and for how many more requests (max) the server keeps this connection open.',
};

/** The sentence explaining an HTTP header, or undefined when the catalogue has none. */
export function headerHelp(name: string): string | undefined {
  return HEADER_HELP[name.toLowerCase()];
}
