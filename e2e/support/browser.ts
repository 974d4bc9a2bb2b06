import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Flags that keep Chromium from reaching for Google's services, which this network refuses. */
const quietFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's Chromium where installed, else Playwright's own; neither: one line on what to install. */
export function chromiumLaunchOptions(): LaunchOptions {
  if (existsSync(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM, args: quietFlags };
  if (existsSync(chromium.executablePath())) return { args: quietFlags };
  console.error('No Chromium found for the e2e tests: install one with `apt-get install chromium` (Debian) or `npx playwright install chromium`.');
  process.exit(1);
}
