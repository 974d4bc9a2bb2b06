import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { NODE_SOCKET_PATH } from '../common/protocol';
import { defaultConfig } from './config';
import { Coordinator } from './coordinator';
import { createServer } from './server';
import { openPglite, type SqlDatabase } from './sql';
import { Store } from './store';

const model = {
  ref: { id: 'mlp', sha256: '0x' + '00'.repeat(32), bytes: 1, url: null },
  flops: 1e6,
  vramMB: 0,
  tolerance: { maxAbs: 1e-4, maxRel: 1e-3, argmax: false },
};
let db: SqlDatabase;
let coordinator: Coordinator;
let app: ReturnType<typeof createServer>;

beforeAll(async () => {
  db = await openPglite(undefined);
  const store = new Store(db);
  await store.migrate();
  coordinator = new Coordinator(defaultConfig({ models: [model], apiKeys: ['secret'] }), store, null);
  await coordinator.start();
  app = createServer(coordinator, { apiKeys: ['secret'] });
  await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await coordinator.stop();
  await app.close();
  await db.close();
});

describe('HTTP API', () => {
  const task = { model: 'mlp', input: { dtype: 'float32', shape: [2], data: [1, 2] } };

  test.for([
    ['no key', {}, task, 401],
    ['wrong key', { 'x-api-key': 'nope' }, task, 401],
    ['unknown model', { 'x-api-key': 'secret' }, { ...task, model: 'gpt' }, 400],
    ['bad tensor', { 'x-api-key': 'secret' }, { ...task, input: { dtype: 'float32', shape: [3], data: [1] } }, 400],
    ['not JSON, with the key', { 'x-api-key': 'secret', 'content-type': 'application/json' }, '{nope', 400],
    ['not JSON, without a key: refused before parsing', { 'content-type': 'application/json' }, '{nope', 401],
  ] as const)('%s → %s', async ([, headers, body, status]) => {
    const response = await app.inject({ method: 'POST', url: '/v1/tasks', headers, payload: body });
    expect(response.statusCode).toBe(status);
  });

  test.for([
    ['POST /v1/tasks/batch without a key', { method: 'POST', url: '/v1/tasks/batch', payload: { tasks: [task] } }, 401, 'UNAUTHORIZED'],
    ['a batch with a bad task', { method: 'POST', url: '/v1/tasks/batch', headers: { 'x-api-key': 'secret' }, payload: { tasks: [{ ...task, model: 'gpt' }] } }, 400, 'INVALID_PARAMS'],
    ['a malformed task id', { method: 'GET', url: '/v1/tasks/a%20b' }, 400, 'INVALID_PARAMS'],
    ['a malformed address for earnings', { method: 'GET', url: '/v1/accounts/0xnope/earnings' }, 400, 'INVALID_PARAMS'],
    ['a malformed address for a proof', { method: 'GET', url: '/v1/accounts/0xnope/proof' }, 400, 'INVALID_PARAMS'],
  ] as const)('%s → %s', async ([, request, status, error]) => {
    const response = await app.inject(request);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ error });
  });

  test('a submitted task can be looked up, and stats count the network', async () => {
    const response = await app.inject({ method: 'POST', url: '/v1/tasks', headers: { 'x-api-key': 'secret' }, payload: task });
    expect(response.statusCode).toBe(202);
    const { taskId } = response.json();
    expect((await app.inject(`/v1/tasks/${taskId}`)).json()).toMatchObject({ taskId, status: 'queued', result: null });
    expect((await app.inject('/v1/tasks/unknown')).statusCode).toBe(404);
    expect((await app.inject('/v1/stats')).json()).toMatchObject({ activeNodes: 0, tasks24h: 0, tasksChangePercent: null, activeNodesChangePercent: null, comparedToSampleAt: null });
    expect((await app.inject('/v1/accounts/0xnope/earnings')).statusCode).toBe(400);
    expect((await app.inject('/v1/accounts/0x0000000000000000000000000000000000000001/proof')).statusCode).toBe(404);
  });
});

describe('node socket', () => {
  test('a node gets a challenge, garbage gets a typed error, and the server stays up', async () => {
    const address = app.server.address() as { port: number };
    const ws = new WebSocket(`ws://127.0.0.1:${address.port}${NODE_SOCKET_PATH}`);
    const messages: { type: string; code?: string }[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
    await new Promise((r) => ws.once('open', r));
    ws.send('not json');
    await new Promise((r) => setTimeout(r, 100));
    expect(messages.map((m) => m.type)).toEqual(['challenge', 'error']);
    expect(messages[1]!.code).toBe('malformed');
    ws.close();
    expect((await app.inject('/healthz')).json()).toMatchObject({ ok: true });
  });
});
