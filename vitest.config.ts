import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'app/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    // The CLI tests start Node processes and the fuzz tests run 10,000 cases: on a busy
    // two-core CI machine the default 5 s is too tight.
    testTimeout: 30_000,
  },
});
