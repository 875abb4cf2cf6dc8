import type { z } from 'zod';

/** A problem in a document: where it is (`nodes[2].config.workers`) and what is wrong. */
export interface DocumentError {
  readonly path: string;
  readonly message: string;
}

/** ['nodes', 2, 'config', 'workers'] -> 'nodes[2].config.workers' */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text ? `.${String(part)}` : String(part);
  }
  return text;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object ({ ... })',
  array: 'a list ([ ... ])',
};

/** One sentence a person understands, for one zod issue. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.message.includes('received undefined')) return 'is required but missing';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    }
    case 'too_small': {
      // A schema's own sentence (`.min(1, { message })`) says more than the generic one.
      if (issue.message && !issue.message.startsWith('Too small')) return issue.message;
      const minimum = Number(issue.minimum);
      if (issue.origin === 'array') return `needs at least ${minimum} item${minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return minimum === 1 ? 'must not be empty' : `must be at least ${minimum} characters long`;
      return issue.inclusive === false ? `must be more than ${minimum}` : `must be at least ${minimum}`;
    }
    case 'too_big': {
      if (issue.message && !issue.message.startsWith('Too big')) return issue.message;
      const maximum = Number(issue.maximum);
      if (issue.origin === 'array') return `has more than ${maximum} items`;
      if (issue.origin === 'string') return `must be at most ${maximum} characters long`;
      return issue.inclusive === false ? `must be less than ${maximum}` : `must be at most ${maximum}`;
    }
    case 'invalid_value':
      return `must be ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}`;
    case 'invalid_format':
      if (issue.message && !issue.message.startsWith('Invalid')) return issue.message;
      return `is not in the expected format (${issue.format})`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      // The names come from the document: quoted as JSON, so a line break in one stays on one line.
      return `has unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => JSON.stringify(key.length > 60 ? `${key.slice(0, 60)}…` : key)).join(', ')}: check the spelling`;
    default:
      return issue.message;
  }
}

/** zod issues as DocumentErrors, with `prefix` put before each path. */
export function fromZod(error: z.ZodError, prefix: readonly PropertyKey[] = []): DocumentError[] {
  return error.issues.map((issue) => ({ path: formatPath([...prefix, ...issue.path]), message: describeIssue(issue) }));
}

/**
 * What a person is told when a share link (`#share=...`) cannot be opened. Path `share` for
 * every problem of the link itself; problems of the topology inside keep their document path.
 */
export const SHARE_MESSAGES = {
  notText: 'The share link is not text, so it holds no topology.',
  noShare: 'The link has no "share=" part, so it holds no topology.',
  empty: 'The share link is empty: nothing follows "#share=".',
  tooLong: (length: number, limit: number) =>
    `The share link is too long: ${thousands(length)} characters, and a share link holds at most ${thousands(limit)}. Save the topology as a file and share the file instead.`,
  foreignCharacter: (character: string, position: number) =>
    `The share link is damaged: it contains ${JSON.stringify(character)} at position ${position}, and share links use only letters, digits, "+", "-" and "$".`,
  truncated: 'The share link is cut short or damaged: it ends before the topology does. Copy the whole link again.',
  invalid: 'The share link is cut short or damaged: part of it is not compressed data Stackscope made. Copy the whole link again.',
  unpackedEmpty: 'The share link is cut short or damaged: it unpacks to nothing. Copy the whole link again.',
  tooLarge: (limitMegabytes: number) =>
    `The share link unpacks to more than ${limitMegabytes} MB, which no topology needs, so it was not opened.`,
  notJson: 'The share link is cut short or damaged: what it unpacks to is not a topology document; copy the whole link again.',
} as const;

/** 200000 -> "200,000", the same everywhere (no locale). */
function thousands(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
