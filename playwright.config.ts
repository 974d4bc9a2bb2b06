import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/support/browser';

export default defineConfig({
  testDir: 'e2e',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  outputDir: 'test-results',
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    { name: 'web', testDir: 'e2e/web', testIgnore: 'journey.spec.ts', use: { browserName: 'chromium', launchOptions: chromiumLaunchOptions() } },
    // The whole walk mines on a 2-core machine: beside another spec's miner it would (rightly) pause
    // for the other program's load, so it runs once the web project is done.
    {
      name: 'journey',
      testDir: 'e2e/web',
      testMatch: 'journey.spec.ts',
      dependencies: ['web'],
      use: { browserName: 'chromium', launchOptions: chromiumLaunchOptions() },
    },
    { name: 'electron', testDir: 'e2e/electron' },
  ],
});
