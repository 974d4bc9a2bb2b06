import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'main/**/*.test.ts', 'renderer/**/*.test.ts'],
    testTimeout: 20_000,
    // Suites start real servers, PGlite and worker threads; on a loaded 2-core CI machine their
    // set-up can take several seconds.
    hookTimeout: 30_000,
  },
});
