/**
 * Renderer budget (DESIGN.md): first paint of the headless UI in Chromium ≤ 1 s, its JS ≤ 400 KB
 * gzipped. The baseline, measured in the same run and browser, is a blank page served by the
 * same control server, so the ratio shows what the app itself costs.
 * Run: npm run build && npx tsx bench/renderer-first-paint.ts
 */
import { chromium } from '@playwright/test';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromiumLaunchOptions } from '../e2e/support/browser';
import { startHost } from '../e2e/support/host';

const RUNS = 7;
const rendererDir = new URL('../dist/renderer/', import.meta.url).pathname;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const jsGzipBytes = readdirSync(join(rendererDir, 'assets'))
  .filter((f) => f.endsWith('.js'))
  .reduce((sum, f) => sum + gzipSync(readFileSync(join(rendererDir, 'assets', f))).length, 0);

const host = await startHost();
const browser = await chromium.launch(chromiumLaunchOptions());

/** Time from navigation start until the page shows `ready`, in a fresh page each run. */
async function timeTo(url: string, ready: (page: import('@playwright/test').Page) => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await ready(page);
    samples.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  return median(samples);
}

// The baseline page lives beside the built UI so the same server, headers and CSP apply.
const blankPage = join(rendererDir, 'bench-blank.html');
writeFileSync(blankPage, '<!doctype html><title>blank</title><p id="ready">ready</p>');
try {
  const baselineMs = await timeTo(host.url.replace('/#', '/bench-blank.html#'), (p) => p.locator('#ready').waitFor());
  const appMs = await timeTo(host.url, (p) => p.getByRole('heading', { level: 1 }).waitFor());
  console.log(
    JSON.stringify({
      bench: 'renderer-first-paint',
      runs: RUNS,
      baselineBlankPageMs: Math.round(baselineMs),
      appFirstPaintMs: Math.round(appMs),
      appOverBaseline: Number((appMs / baselineMs).toFixed(2)),
      appFirstPaintOverBudget: Number((appMs / 1000).toFixed(2)),
      jsGzipKB: Math.round(jsGzipBytes / 1024),
      jsGzipOverBudget: Number((jsGzipBytes / (400 * 1024)).toFixed(2)),
    }),
  );
} finally {
  await browser.close();
  await host.stop();
  rmSync(blankPage, { force: true });
}
