import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { chromiumLaunchOptions } from '../../../e2e/support/browser';
import { loadBackend } from '../../../src/engine/compute/backend';
import { Executor } from '../../../src/engine/compute/executor';
import type { FromWorker, WorkerSetup } from '../../../src/engine/compute/worker-protocol';
import { readBundledIndex, readBundledModel } from '../../../src/engine/tasks/bundled-models';
import { bundleComputePage } from './bundle';

// The desktop app's compute window, as built, in real Chromium with a WebGPU adapter (SwiftShader's,
// on this GPU-less machine: right answers, not speed). Electron cannot run here, so the test plays
// its preload: it hands the page one end of a MessageChannel, as the preload does.

const [cnn] = await readBundledIndex();
const input = new Float32Array(32 * 32 * 3).map((_, i) => ((i * 7) % 13) / 13);
let dir: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plexai-compute-page-'));
  await bundleComputePage(dir);
  const options = chromiumLaunchOptions();
  const gpuFlags = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader'];
  browser = await chromium.launch({ ...options, args: [...(options.args ?? []).filter((a) => a !== '--disable-gpu'), ...gpuFlags] });
  page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(pathToFileURL(join(dir, 'compute.html')).href);
  await page.evaluate(() => {
    const channel = new MessageChannel();
    const received: unknown[] = [];
    channel.port1.onmessage = (event) => received.push(event.data);
    Object.assign(window, { mainPort: channel.port1, received });
    window.postMessage('plexai-compute-port', '*', [channel.port2]);
  });
  // Blocked by its own CSP, the page would say so here.
  expect(errors).toEqual([]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Posts to the page's worker and waits for its message of `type`. */
async function exchange(message: unknown, type: FromWorker['type']): Promise<FromWorker> {
  const seen = await page.evaluate(() => (window as unknown as { received: unknown[] }).received.length);
  await page.evaluate((m) => (window as unknown as { mainPort: MessagePort }).mainPort.postMessage(m), message as never);
  const handle = await page.waitForFunction(
    ([from, wanted]) => (window as unknown as { received: { type: string }[] }).received.slice(from).find((m) => m.type === wanted),
    [seen, type] as const,
    { timeout: 30_000 },
  );
  return (await handle.jsonValue()) as FromWorker;
}

test('the compute window computes on WebGPU', async () => {
  const setup: WorkerSetup = { backendOrder: ['webgpu', 'cpu'], maxModels: 1, memoryBudgetBytes: 64 * 2 ** 20, lowPriority: false };
  expect(await exchange({ type: 'setup', setup }, 'ready')).toMatchObject({ choice: { backend: 'webgpu', skipped: [] } });
}, 60_000);

test('it runs a bundled model on WebGPU to the same answer as a Node worker, and refuses a malformed task with its reason', async () => {
  const model = await readBundledModel(cnn!.name);
  const done = await exchange(
    { type: 'run', jobId: 1, sha256: cnn!.sha256, model, inputs: [{ dtype: 'float32', shape: [1, 32, 32, 3], data: input }] },
    'done',
  );
  if (done.type !== 'done') throw new Error(`not done: ${JSON.stringify(done)}`);

  const { tf } = await loadBackend(['cpu']);
  const reference = new Executor(tf, { maxModels: 1, memoryBudgetBytes: 64 * 2 ** 20 });
  await reference.load(cnn!.sha256, model);
  const expected = (await reference.run(cnn!.sha256, [{ dtype: 'float32', shape: [1, 32, 32, 3], data: input }])).outputs[0]!;
  reference.dispose();
  expect(done.outputs[0]!.shape).toEqual([1, 10]);
  const got = Object.values(done.outputs[0]!.data as unknown as Record<string, number>);
  got.forEach((value, i) => expect(value).toBeCloseTo(expected.data[i]!, 4));

  const refused = await exchange({ type: 'run', jobId: 2, sha256: cnn!.sha256, inputs: [{ dtype: 'float32', shape: [1, 7], data: new Float32Array(7) }] }, 'failed');
  expect(refused).toMatchObject({ type: 'failed', jobId: 2, code: 'shape-mismatch' });
}, 60_000);
