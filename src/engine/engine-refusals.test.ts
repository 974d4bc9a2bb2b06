import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { payoutBindingMessage, type Tensor, type TaskStatus } from '../common/protocol';
import { defaultDeadlinePolicy } from '../coordinator/scoring';
import { runCoordinator, type RunningCoordinator } from '../coordinator/run';
import { defaultReputationPolicy } from '../coordinator/verification';
import type { ModelSpec } from '../coordinator/config';
import { devnetCatalog } from '../devnet/catalog';
import { ThreadSpawner } from './compute/spawner';
import { Engine } from './engine';
import { SimulatedHardwareProbe } from './gpu/simulated-probe';
import { Outbox } from './network/outbox';
import { SettingsStore } from './store/settings-store';
import { TaskHistory } from './store/task-history';
import { readBundledModel } from './tasks/bundled-models';
import { serializeLayersModel } from './tasks/generate-models';
import { encodeModelArtifact, type ModelBytes } from './tasks/model';
import { modelDigest } from './tasks/model-digest';
import { BundledModelSource, ModelCache } from './tasks/model-cache';
import { UrlModelSource } from './tasks/url-model-source';

/**
 * Bad input end to end: a submitter posts tasks to a real coordinator, which leases them to a real
 * engine (wasm worker thread); each bad one must come back refused with its reason, visible in the
 * task's status, and the good task after it must still complete.
 */

const API_KEY = 'refusals-test';
const tolerance = { maxAbs: 1e-3, maxRel: 1e-3, argmax: false };

/** The served models, by URL path: what a model's catalog entry says and what the server sends. */
const served = new Map<string, Uint8Array>();
let modelServer: Server;
let coordinator: RunningCoordinator;
let engine: Engine;

function urlModel(id: string, announced: ModelBytes, sent: ModelBytes, base: string): ModelSpec {
  const artifact = encodeModelArtifact(sent);
  served.set(`/${id}`, artifact);
  return { ref: { id, sha256: `0x${modelDigest(announced)}`, bytes: artifact.byteLength, url: `${base}/${id}` }, flops: 1e6, vramMB: 0, tolerance };
}

/** The bundled embedding MLP with one layer renamed to Keras's Lambda (arbitrary code): data, still well formed. */
function withLambdaLayer(model: ModelBytes): ModelBytes {
  const json = new TextDecoder().decode(model.json).replace('"class_name":"Dense"', '"class_name":"Lambda"');
  return { json: new TextEncoder().encode(json), weights: model.weights };
}

/** A model with 32 KiB of weights whose one 1×1 convolution makes 16 GiB of activations from a 512×512 input. */
async function wideConvolution(): Promise<ModelBytes> {
  await tf.setBackend('cpu');
  const model = tf.sequential({
    name: 'wide_conv',
    layers: [tf.layers.conv2d({ name: 'wide', inputShape: [512, 512, 1], filters: 1 << 14, kernelSize: 1, useBias: false, kernelInitializer: 'zeros' })],
  });
  try {
    return await serializeLayersModel(tf, model);
  } finally {
    model.dispose();
  }
}

beforeAll(async () => {
  modelServer = createServer((request, response) => {
    const body = served.get(request.url ?? '');
    if (!body) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-length': body.byteLength }).end(body);
  });
  await new Promise<void>((resolve) => modelServer.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(modelServer.address() as AddressInfo).port}`;

  const embedding = await readBundledModel('text-embedding');
  const bundled = (await devnetCatalog()).map((m) => m.spec);
  // Announced: a model no bundle has (so the node must download it); served: other bytes.
  const announced = { json: embedding.json, weights: embedding.weights.map((b, i) => (i === 0 ? b ^ 1 : b)) };
  const lambda = withLambdaLayer(embedding);
  const wide = await wideConvolution();
  const models = [...bundled, urlModel('tampered', announced, embedding, base), urlModel('lambda-layer', lambda, lambda, base), urlModel('wide-conv', wide, wide, base)];

  coordinator = await runCoordinator({ host: '127.0.0.1', port: 0, dataDir: mkdtempSync(join(tmpdir(), 'plexai-refusals-coordinator-')), apiKeys: [API_KEY] }, () => undefined, {
    models,
    // One refusal settles a task, so its status says why at once rather than after other nodes tried.
    maxAttempts: 1,
    // A lone new node is trusted to complete tasks by itself: this network has one node.
    reputation: { ...defaultReputationPolicy, probationCanaries: 0, trustedStreak: 0, trustedScore: 0.5 },
    soloWeight: 0.5,
    spotCheckRate: 0,
    // Model downloads and worker start-up on a loaded 2-core machine can take seconds.
    deadlines: { ...defaultDeadlinePolicy, minMs: 60_000 },
  });

  const dir = mkdtempSync(join(tmpdir(), 'plexai-refusals-'));
  const { store } = await SettingsStore.open(dir);
  const modelUrls = new UrlModelSource(64 * 2 ** 20);
  engine = new Engine(
    { appVersion: '1.0.0', transport: 'headless', cpuWorkers: 1, cpuBackends: ['wasm'], idle: { activePollMs: 20, pausedPollMs: 20, systemPollMs: 1000 } },
    {
      probe: new SimulatedHardwareProbe({ controllers: [], tools: {} }),
      settings: store,
      compute: {
        spawner: new ThreadSpawner(),
        models: await ModelCache.open(join(dir, 'models'), 1 << 28, [new BundledModelSource(), modelUrls]),
        modelUrls,
        idleTime: { idleSeconds: async () => null },
        system: { read: async () => ({ onBattery: false, otherCpuLoadPercent: 0, runningProcesses: new Set() }) },
        benchmarks: { load: async () => [], save: async () => undefined },
        history: new TaskHistory(join(dir, 'history.jsonl')),
      },
    },
  );
  await engine.api.updateSettings({ cpuMode: true, dedicatedRig: true });
  await engine.api.startMining({});
  const identity = Wallet.createRandom();
  const payout = Wallet.createRandom();
  engine.connectNetwork(
    { url: coordinator.url, submitBatchMs: 5 },
    {
      identity: new Wallet(identity.privateKey),
      payout: async () => ({ address: payout.address, signature: await payout.signMessage(payoutBindingMessage(identity.address, payout.address)) }),
      outbox: await Outbox.open(join(dir, 'outbox')),
    },
  );
}, 60_000);

afterAll(async () => {
  engine?.dispose();
  await coordinator?.stop();
  await new Promise((resolve) => modelServer?.close(resolve));
});

async function submit(model: string, input: Tensor): Promise<string> {
  const response = await fetch(`${coordinator.url}/v1/tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: JSON.stringify({ model, input }),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { taskId: string }).taskId;
}

/** The task's status at the coordinator once it is settled, as its submitter reads it. */
async function settled(taskId: string): Promise<TaskStatus> {
  let status: TaskStatus | undefined;
  await vi.waitFor(
    async () => {
      status = (await (await fetch(`${coordinator.url}/v1/tasks/${taskId}`)).json()) as TaskStatus;
      expect(['completed', 'failed']).toContain(status.status);
    },
    { timeout: 45_000, interval: 100 },
  );
  return status!;
}

const embeddingInput = (data: number[] = Array.from({ length: 128 }, (_, i) => (i % 7) / 7)): Tensor => ({ dtype: 'float32', shape: [1, 128], data });

describe('bad input through a real coordinator and engine (wasm worker thread)', () => {
  test.for<{ bad: string; model: string; input: Tensor; refused: RegExp }>([
    { bad: 'model bytes that do not hash to the sha256 the lease names', model: 'tampered', input: embeddingInput(), refused: /^refused: model-hash-mismatch: model bytes hash to [0-9a-f]{64}, not / },
    { bad: 'a layer outside the allowlist', model: 'lambda-layer', input: embeddingInput(), refused: /^refused: op-not-allowed: the model uses Lambda, outside the allowlist/ },
    {
      bad: 'activations beyond the memory budget',
      model: 'wide-conv',
      input: { dtype: 'float32', shape: [1, 512, 512, 1], data: new Array(512 * 512).fill(0) },
      // The simulated machine's 32 GB give its one CPU worker the 4 GiB cap (memory-budget.ts).
      refused: /^refused: too-large: the run needs about 16\d{3} MiB, over the 4096 MiB budget/,
    },
    { bad: 'int32 input to a float32 model', model: 'text-embedding', input: { dtype: 'int32', shape: [1, 128], data: new Array(128).fill(1) }, refused: /^refused: bad-input: input 0 is int32, the model wants float32/ },
    { bad: 'a value float32 can only hold as Infinity', model: 'text-embedding', input: embeddingInput([1e39, ...new Array(127).fill(0)]), refused: /^refused: bad-input: input element 0 is 1e\+39, beyond float32/ },
  ])('$bad: refused with the reason, and the next task completes', { timeout: 100_000 }, async ({ model, input, refused }) => {
    const bad = await settled(await submit(model, input));
    expect(bad).toMatchObject({ status: 'failed', result: null, attempts: 1 });
    expect(bad.failure).toMatch(/^gave up after 1 lost or refused attempts; last: /);
    expect(bad.failure!.replace(/^.*?; last: /, '')).toMatch(refused);

    const next = await settled(await submit('text-embedding', embeddingInput()));
    expect(next).toMatchObject({ status: 'completed', result: { dtype: 'float32', shape: [1, 64] } });
    expect(engine.state().mining.workers).toMatchObject([{ status: 'idle', restarts: 0 }]);
  });

  test('a literal NaN never reaches a node (JSON has no NaN; the coordinator answers 400), and one handed to the engine is refused naming NaN', async () => {
    const response = await fetch(`${coordinator.url}/v1/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: `{"model":"text-embedding","input":{"dtype":"float32","shape":[1,2],"data":[NaN,1]}}`,
    });
    expect(response.status).toBe(400);
    const embedding = (await devnetCatalog()).find((m) => m.spec.ref.id === 'text-embedding')!.spec.ref;
    const input = embeddingInput([0, Number.NaN, ...new Array(126).fill(0)]);
    const outcome = await engine.runner.run({ leaseId: 'nan', taskId: 'nan', model: embedding, input, flops: 0, deadline: Date.now() + 60_000 });
    expect(outcome).toEqual({ ok: false, reason: 'bad-input', message: 'input element 1 is NaN: a task computes on finite float32 values only' });
  });
});
