import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_FOLDER } from './reference.node.ts';

const ORIGINALS = join(process.cwd(), '../shared/reference');
const copies = readdirSync(REFERENCE_FOLDER).filter((file) => file.endsWith('.json'));

describe('the copies of the reference recordings', () => {
  it.each(copies)('%s is valid JSON, and the same as the original wherever ../shared/reference exists', (file) => {
    const copy = readFileSync(join(REFERENCE_FOLDER, file), 'utf8');
    expect(() => JSON.parse(copy)).not.toThrow();
    const original = join(ORIGINALS, file);
    // On a fresh CI machine the originals are not there; in the development checkout they are.
    if (existsSync(original)) expect(copy).toBe(readFileSync(original, 'utf8'));
  });
});
