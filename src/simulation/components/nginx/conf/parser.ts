import type { z } from 'zod';
import { describeIssue } from '../../../io/errors.ts';
import { nginxConfigSchema, type NginxConfig } from '../config.ts';
import { mapDirectives, type Source } from './mapping.ts';
import { tokenize, type ConfProblem, type Position } from './tokenizer.ts';

export type { ConfProblem, Position } from './tokenizer.ts';

/** The node's config as nginxConfigSchema reads it: fields with defaults may be left out. */
export type NginxConfigInput = z.input<typeof nginxConfigSchema>;

/** One argument of a directive, as the tokenizer read it. */
export interface Arg extends Position {
  /** The value, quotes removed and backslash pairs unescaped. */
  readonly value: string;
  readonly quoted: boolean;
}

/** `name args… ;` or `name args… { block }`, where the name is the first word. */
export interface Directive extends Position {
  readonly name: string;
  readonly args: readonly Arg[];
  /** The directives inside `{ … }`, for a block directive. */
  readonly block?: readonly Directive[];
}

export interface ParseResult {
  readonly directives: Directive[];
  /** The first syntax error: nginx stops there, and so does the tree (it holds what came before). */
  readonly error?: ConfProblem;
  /** Where the text ends. */
  readonly end: Position;
}

/** The directive tree of an nginx.conf text, as ngx_conf_parse builds it. */
export function parseConf(text: string): ParseResult {
  const { tokens, error, end } = tokenize(text);
  const top: Directive[] = [];
  const stack: { directives: Directive[]; opened: Position }[] = [];
  let current = top;
  let words: Arg[] = [];
  let first: Position | undefined;
  for (const token of tokens) {
    if (token.type === 'comment') continue;
    if (token.type === 'word') {
      first ??= token;
      words.push({ value: token.value, quoted: token.quoted, line: token.line, column: token.column });
      continue;
    }
    if (token.type === '}') {
      const closed = stack.pop();
      if (closed === undefined) return { directives: top, error: { line: token.line, column: token.column, severity: 'error', message: 'unexpected "}"' }, end };
      current = closed.directives;
      continue;
    }
    // `;` or `{`: the tokenizer has made sure at least one word came before.
    const [name, ...args] = words;
    const at = first!;
    if (token.type === ';') {
      current.push({ name: name!.value, args, line: at.line, column: at.column });
    } else {
      const block: Directive[] = [];
      current.push({ name: name!.value, args, block, line: at.line, column: at.column });
      stack.push({ directives: current, opened: token });
      current = block;
    }
    words = [];
    first = undefined;
  }
  if (error) return { directives: top, error, end };
  if (stack.length > 0) return { directives: top, error: { ...end, severity: 'error', message: 'unexpected end of file, expecting "}"' }, end };
  return { directives: top, end };
}

export interface ConfResult {
  /** The node's config, present only when there are no errors. */
  readonly config?: NginxConfigInput;
  /** The same config with nginxConfigSchema's defaults filled in. */
  readonly parsed?: NginxConfig;
  /** What stops the text from being used, each at its line and column. */
  readonly errors: ConfProblem[];
  /** Warnings (something nginx would do that Stackscope does not) and informational notes. */
  readonly notes: ConfProblem[];
}

/** A path of a zod issue as the key of a source: servers.0.listen */
const keyOf = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/** The source of the longest prefix of `path` that the mapping recorded. */
function sourceOf(sources: ReadonlyMap<string, Source>, path: readonly PropertyKey[]): { source?: Source } {
  for (let length = path.length; length >= 0; length--) {
    const source = sources.get(keyOf(path.slice(0, length)));
    if (source) return { source };
  }
  return {};
}

function problemFromIssue(issue: z.core.$ZodIssue, sources: ReadonlyMap<string, Source>): ConfProblem {
  const { source } = sourceOf(sources, issue.path);
  const description = describeIssue(issue);
  const field = [...issue.path].reverse().find((part) => typeof part === 'string');
  const sentence = /^(must|needs|has|is) /.test(description);
  const subject = sentence && field !== undefined && field !== source?.directive ? `${field === 'server' ? 'the address' : field} ${description}` : description;
  if (!source) return { line: 1, column: 1, severity: 'error', message: subject };
  return { line: source.line, column: source.column, severity: 'error', directive: source.directive, message: `"${source.directive}" directive: ${subject}` };
}

/**
 * Reads an nginx.conf text (a whole file with `events {}` and `http { … }`, the contents of
 * `http`, or a lone `server { … }`) into the node's config. What the text cannot hold (the
 * certificates' data, the node's files and address) is kept from `previous`.
 */
export function nginxConfFromText(text: string, previous?: NginxConfig): ConfResult {
  const tree = parseConf(text);
  if (tree.error) return { errors: [tree.error], notes: [] };
  const mapped = mapDirectives(tree.directives, previous);
  const errors = mapped.problems.filter((problem) => problem.severity === 'error');
  const notes = mapped.problems.filter((problem) => problem.severity !== 'error');
  const checked = nginxConfigSchema.safeParse(mapped.input);
  if (!checked.success) {
    // After an error that dropped a directive, "needs at least one server" and the like only repeat it.
    const issues = errors.length > 0 ? checked.error.issues.filter((issue) => !(issue.code === 'too_small' && issue.origin === 'array')) : checked.error.issues;
    errors.push(...issues.map((issue) => problemFromIssue(issue, mapped.sources)));
  }
  const byPlace = (a: ConfProblem, b: ConfProblem) => a.line - b.line || a.column - b.column;
  errors.sort(byPlace);
  notes.sort(byPlace);
  if (errors.length > 0 || !checked.success) return { errors, notes };
  return { config: mapped.input, parsed: checked.data, errors, notes };
}

/** "line 12, column 5: unknown directive …", for a list of problems. */
export function describeProblem(problem: ConfProblem): string {
  return `line ${problem.line}, column ${problem.column}: ${problem.message}`;
}
