import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Recordings of the real software that tests compare the engine against. They are copies of
 * ../shared/reference/ (outside the repository, so absent on a fresh CI machine), kept beside
 * the tests; reference-copies.test.ts checks they still match the originals where those exist.
 */
export const REFERENCE_FOLDER = join(process.cwd(), 'src/simulation/test-support/reference');

/** A recording by file name, e.g. readReference('http-raw.json'). */
export function readReference<T = unknown>(file: string): T {
  return JSON.parse(readFileSync(join(REFERENCE_FOLDER, file), 'utf8')) as T;
}
