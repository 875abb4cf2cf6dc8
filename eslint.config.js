import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** The engine must stay pure and deterministic: nothing from React, the DOM, app/, the clock or timers. */
const engineBans = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'The engine imports nothing from React.' },
        { group: ['@xyflow/*', 'zustand', 'zustand/*'], message: 'The engine imports no UI library.' },
        { group: ['**/app/**', '../app', '../../app', '../../../app'], message: 'The engine imports nothing from app/.' },
      ],
    },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'window', message: 'No DOM in the engine.' },
    { name: 'document', message: 'No DOM in the engine.' },
    { name: 'navigator', message: 'No DOM in the engine.' },
    { name: 'localStorage', message: 'No DOM in the engine.' },
    { name: 'performance', message: 'Virtual time only: no performance clock in the engine.' },
    { name: 'setTimeout', message: 'The engine never schedules itself: no timers.' },
    { name: 'setInterval', message: 'The engine never schedules itself: no timers.' },
    { name: 'setImmediate', message: 'The engine never schedules itself: no timers.' },
    { name: 'requestAnimationFrame', message: 'Pacing lives in the UI, not in the engine.' },
    { name: 'queueMicrotask', message: 'The engine never schedules itself.' },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Use the seeded PRNG held in the run state.' },
    { object: 'Date', property: 'now', message: 'Virtual time only: use the run clock.' },
    { object: 'globalThis', property: 'setTimeout', message: 'No timers in the engine.' },
    { object: 'globalThis', property: 'performance', message: 'No wall clock in the engine.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['src/simulation/**/*.ts'],
    ignores: ['src/simulation/**/*.test.ts', 'src/simulation/cli.ts', 'src/simulation/**/*.node.ts'],
    rules: engineBans,
  },
  {
    files: ['e2e/**/*.ts', 'bench/**/*.ts', 'src/simulation/cli.ts', '*.config.{ts,js}', '**/*.test.ts', 'src/simulation/**/*.node.ts'],
    languageOptions: { globals: globals.node },
  },
);
