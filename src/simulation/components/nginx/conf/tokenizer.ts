/**
 * nginx.conf tokens, read as nginx reads them (ngx_conf_read_token in src/core/ngx_conf_file.c):
 *
 * - a word ends at a space, tab, CR, LF, `;` or `{`; a `}` inside a word is part of it, and so
 *   are `"`, `'` and `#` that are not its first character;
 * - a word that starts with `"` or `'` is a quoted string: it ends at the matching quote and
 *   may hold spaces, `;`, braces and line breaks; after it must come a space, `;`, `{` or `)`;
 * - a backslash keeps the next character in the word (`\"`, `\'`, `\\` stand for the character,
 *   `\t`, `\r`, `\n` for tab, CR and LF; any other pair is kept as written);
 * - `$var` and `${var}` stay inside words (the `{` after `$` does not open a block);
 * - `#` at the start of a word comments out the rest of the line.
 *
 * Positions are 1-based lines and columns (a tab counts as one column).
 */

/** Where something is in the text. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** An error, warning or informational note about a place in the text. */
export interface ConfProblem extends Position {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  /** The directive the problem is about, when there is one. */
  readonly directive?: string;
}

export type Token =
  | (Position & { readonly type: 'word'; readonly value: string; readonly quoted: boolean; readonly raw: string })
  | (Position & { readonly type: ';' | '{' | '}' })
  | (Position & { readonly type: 'comment'; readonly value: string });

export interface TokenizeResult {
  readonly tokens: Token[];
  /** The first syntax error; nginx stops there, and so do the tokens. */
  readonly error?: ConfProblem;
  /** Where the text ends (just after its last character). */
  readonly end: Position;
}

const SPACE = new Set([' ', '\t', '\r', '\n']);

/** The value of a word as nginx stores it: backslash pairs unescaped. */
function unescape(raw: string): string {
  let value = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\\' && i + 1 < raw.length) {
      const next = raw[i + 1]!;
      if (next === '"' || next === "'" || next === '\\') {
        value += next;
        i++;
        continue;
      }
      const control = next === 't' ? '\t' : next === 'r' ? '\r' : next === 'n' ? '\n' : undefined;
      if (control !== undefined) {
        value += control;
        i++;
        continue;
      }
    }
    value += ch;
  }
  return value;
}

export function tokenize(text: string): TokenizeResult {
  const tokens: Token[] = [];
  let line = 1;
  let column = 1;
  let i = 0;
  const here = (): Position => ({ line, column });
  const advance = (): string => {
    const ch = text[i++]!;
    if (ch === '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
    return ch;
  };
  const fail = (at: Position, message: string): TokenizeResult => ({ tokens, error: { ...at, severity: 'error', message }, end: here() });
  // Words since the last `;`, `{` or `}`: nginx refuses a `}` or the end of the file after them.
  let pending = 0;

  while (i < text.length) {
    const ch = text[i]!;
    if (SPACE.has(ch)) {
      advance();
      continue;
    }
    const start = here();
    if (ch === ';' || ch === '{') {
      if (pending === 0) return fail(start, `unexpected "${ch}"`);
      advance();
      tokens.push({ type: ch, ...start });
      pending = 0;
      continue;
    }
    if (ch === '}') {
      if (pending > 0) return fail(start, 'unexpected "}"');
      advance();
      tokens.push({ type: '}', ...start });
      continue;
    }
    if (ch === '#') {
      let comment = '';
      advance();
      while (i < text.length && text[i] !== '\n') comment += advance();
      tokens.push({ type: 'comment', value: comment.replace(/\r$/, ''), ...start });
      continue;
    }
    if (ch === '"' || ch === "'") {
      const quote = advance();
      let raw = '';
      let closed = false;
      while (i < text.length) {
        const c = advance();
        if (c === '\\' && i < text.length) {
          raw += c + advance();
          continue;
        }
        if (c === quote) {
          closed = true;
          break;
        }
        raw += c;
      }
      if (!closed) return fail(here(), 'unexpected end of file, expecting ";" or "}"');
      tokens.push({ type: 'word', value: unescape(raw), quoted: true, raw: quote + raw + quote, ...start });
      pending++;
      // After a quoted string: a space, `;` or `{` (handled by the loop), or `)`, which starts a new word.
      if (i < text.length) {
        const after = text[i]!;
        if (!SPACE.has(after) && after !== ';' && after !== '{' && after !== ')') return fail(here(), `unexpected "${after}"`);
      }
      continue;
    }
    // A plain word.
    let raw = '';
    let variable = false;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '{' && variable) {
        raw += advance();
        continue;
      }
      variable = false;
      if (c === '\\') {
        raw += advance();
        if (i < text.length) raw += advance();
        continue;
      }
      if (c === '$') variable = true;
      if (SPACE.has(c) || c === ';' || c === '{') break;
      raw += advance();
    }
    tokens.push({ type: 'word', value: unescape(raw), quoted: false, raw, ...start });
    pending++;
  }
  if (pending > 0) return fail(here(), 'unexpected end of file, expecting ";" or "}"');
  return { tokens, end: here() };
}
