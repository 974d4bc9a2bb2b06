import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'main/**/*.test.ts', 'renderer/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
