/**
 * The linter keeps the engine pure and deterministic. These checks feed it code that breaks
 * each rule, as if it were a file in src/simulation, and expect it to be refused.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(code: string, filePath = 'src/simulation/engine/example.ts'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((message) => message.ruleId ?? message.message);
}

describe('engine purity rules', () => {
  it.each([
    ["import { useState } from 'react';\nexport const x = useState;", 'no-restricted-imports'],
    ["import { create } from 'zustand';\nexport const x = create;", 'no-restricted-imports'],
    ["import { App } from '../../../app/App.tsx';\nexport const x = App;", 'no-restricted-imports'],
    ['export const x = Math.random();', 'no-restricted-properties'],
    ['export const x = Date.now();', 'no-restricted-properties'],
    ['export const x = performance.now();', 'no-restricted-globals'],
    ['export const x = setTimeout(() => 1, 5);', 'no-restricted-globals'],
    ['export const x = document.title;', 'no-restricted-globals'],
    ['export const x = window.location;', 'no-restricted-globals'],
  ])('refuses %s', async (code, rule) => {
    expect(await problems(code)).toContain(rule);
  });

  it('allows the same code outside the engine', async () => {
    expect(await problems('export const x = Math.random();', 'app/example.ts')).toEqual([]);
  });

  it('allows deterministic code in the engine', async () => {
    expect(await problems('export const x = new Date(0).toUTCString();')).toEqual([]);
  });
});
