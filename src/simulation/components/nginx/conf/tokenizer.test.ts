import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenizer.ts';

/** The tokens as short strings: words as their values, punctuation as itself, with line:column. */
const brief = (text: string) => tokenize(text).tokens.map((token) => `${token.line}:${token.column} ${token.type === 'word' ? `w(${token.value})` : token.type === 'comment' ? `#(${token.value})` : token.type}`);

describe('nginx.conf tokenizer', () => {
  it('reads words, ;, { and } with 1-based lines and columns', () => {
    expect(brief('server {\n    listen 80;\n}\n')).toEqual(['1:1 w(server)', '1:8 {', '2:5 w(listen)', '2:12 w(80)', '2:14 ;', '3:1 }']);
  });

  it('ends a word at ; or { without a space', () => {
    expect(brief('location /{return 301 https://x;}')).toEqual(['1:1 w(location)', '1:10 w(/)', '1:11 {', '1:12 w(return)', '1:19 w(301)', '1:23 w(https://x)', '1:32 ;', '1:33 }']);
  });

  it('reads quoted strings with spaces, ; and braces inside, and unescapes \\" \\\' \\\\ \\t \\n', () => {
    const { tokens } = tokenize(`add_header X "a; {b} \\"c\\"" 'it\\'s' "t\\tn\\nq\\x";`);
    const words = tokens.filter((token) => token.type === 'word');
    expect(words.map((word) => word.value)).toEqual(['add_header', 'X', 'a; {b} "c"', "it's", 't\tn\nq\\x']);
    expect(words.map((word) => word.quoted)).toEqual([false, false, true, true, true]);
    expect(words[2]).toMatchObject({ line: 1, column: 14 });
  });

  it('keeps a quoted string across lines, and counts the lines inside it', () => {
    const { tokens } = tokenize("log_format main 'a\nb'\n  'c';");
    expect(tokens.map((token) => (token.type === 'word' ? [token.value, token.line, token.column] : token.type))).toEqual([
      ['log_format', 1, 1],
      ['main', 1, 12],
      ['a\nb', 1, 17],
      ['c', 3, 3],
      ';',
    ]);
  });

  it('backslash escapes in bare words, as nginx reads them', () => {
    const words = tokenize('a\\ b c\\;d;').tokens.filter((token) => token.type === 'word');
    expect(words.map((word) => word.value)).toEqual(['a\\ b', 'c\\;d']);
  });

  it('keeps $var and ${var} inside words: the { after $ does not open a block', () => {
    expect(brief('return 301 https://${host}$request_uri;')).toEqual(['1:1 w(return)', '1:8 w(301)', '1:12 w(https://${host}$request_uri)', '1:39 ;']);
  });

  it('reads # at the start of a word as a comment to the end of the line, and inside a word as a character', () => {
    expect(brief('# top\nlisten 80; # port\nroot /a#b;')).toEqual(['1:1 #( top)', '2:1 w(listen)', '2:8 w(80)', '2:10 ;', '2:12 #( port)', '3:1 w(root)', '3:6 w(/a#b)', '3:10 ;']);
  });

  it('a } or a quote inside a bare word is part of it, as in nginx', () => {
    expect(tokenize('return 301 a}b"c;').tokens.filter((token) => token.type === 'word').map((token) => token.value)).toEqual(['return', '301', 'a}b"c']);
  });

  it('counts CRLF line ends once', () => {
    expect(brief('a 1;\r\nb 2;')).toEqual(['1:1 w(a)', '1:3 w(1)', '1:4 ;', '2:1 w(b)', '2:3 w(2)', '2:4 ;']);
  });

  it('a ) after a quoted string starts a new word, as in if ($a = "x")', () => {
    expect(tokenize('if ($a = "x") {}').tokens.filter((token) => token.type === 'word').map((token) => token.value)).toEqual(['if', '($a', '=', 'x', ')']);
  });

  describe('errors, in nginx words, at the character', () => {
    it.each([
      ['listen 80', 1, 10, 'unexpected end of file, expecting ";" or "}"'],
      ['server {\n  listen 80\n}', 3, 1, 'unexpected "}"'],
      ['root "/var/www;\n', 2, 1, 'unexpected end of file, expecting ";" or "}"'],
      ['server_name "a"b;', 1, 16, 'unexpected "b"'],
      ['; listen 80;', 1, 1, 'unexpected ";"'],
      ['events {}\n  { }', 2, 3, 'unexpected "{"'],
    ])('%j -> %i:%i %s', (text, line, column, message) => {
      expect(tokenize(text).error).toEqual({ line, column, severity: 'error', message });
    });
  });
});
