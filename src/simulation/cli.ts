/**
 * Headless runner: `npm run -s simulate -- <document.json> [--seed N]` writes the trace as
 * JSON Lines on stdout. Bad input: one line on stderr naming the path and the problem, exit 2.
 */
import { readFileSync } from 'node:fs';
import { importDocument, simulate, traceEventToJson } from './index.ts';

const USAGE = 'usage: npm run -s simulate -- <document.json> [--seed N]';

function exitWith(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): { file: string; seed?: number } {
  let file: string | undefined;
  let seed: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--seed') {
      const value = argv[++i];
      if (value === undefined || !/^\d+$/.test(value) || Number(value) > 4_294_967_295) exitWith(`--seed: must be a whole number from 0 to 4294967295 (${USAGE})`);
      seed = Number(value);
    } else if (arg.startsWith('-')) exitWith(`${arg}: unknown option (${USAGE})`);
    else if (file === undefined) file = arg;
    else exitWith(`${arg}: only one document can be simulated at a time (${USAGE})`);
  }
  if (file === undefined) exitWith(USAGE);
  return seed === undefined ? { file } : { file, seed };
}

// A reader that stops early (`| head`) closes the pipe: that is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const args = parseArgs(process.argv.slice(2));
let text: string;
try {
  text = readFileSync(args.file, 'utf8');
} catch (error) {
  exitWith(`${args.file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
}
const result = importDocument(text);
if (!result.ok) {
  const first = result.errors[0]!;
  const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more problem${result.errors.length > 2 ? 's' : ''})` : '';
  exitWith(`${args.file}: ${first.path ? `${first.path}: ` : ''}${first.message}${more}`);
}

// Buffer output: one write per event would dominate the run time of a large trace.
let buffer = '';
simulate(result.document, {
  ...(args.seed === undefined ? {} : { seed: args.seed }),
  onEvent: (event) => {
    buffer += `${traceEventToJson(event)}\n`;
    if (buffer.length > 1 << 16) {
      process.stdout.write(buffer);
      buffer = '';
    }
  },
});
process.stdout.write(buffer);
