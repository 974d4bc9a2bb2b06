import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { defaultSettings, type AppState } from '../common/api';
import { fakeApi, sampleState } from '../common/api.fixture';
import { Emitter } from '../common/lifecycle';
import { startControlServer, type ControlServer } from './control-server';
import { resolveStaticPath } from './static-files';

const state = sampleState;

let server: ControlServer;
let states: Emitter<AppState>;
const rendererDir = mkdtempSync(join(tmpdir(), 'plexai-renderer-'));
mkdirSync(join(rendererDir, 'assets'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>PlexAi</title>');
writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(rendererDir, '..', 'secret.txt'), 'outside the renderer');

beforeEach(async () => {
  states = new Emitter<AppState>();
  const api = fakeApi();
  server = await startControlServer({ api, onDidChangeState: states.event }, { rendererDir });
});

afterEach(async () => {
  await server.close();
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket and resolves with it once open, or with the HTTP status that refused it. */
function connect(query: string, headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode!));
    ws.once('error', () => undefined);
  });
}

function nextMessage(ws: WebSocket): Promise<any> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()))));
}

describe('control server', () => {
  test('listens on loopback only, and the URL carries the token in its fragment', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  test('is not reachable on any other interface of this machine', async ({ skip }) => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return skip('this machine has no non-loopback IPv4 interface');
    const reached = await new Promise<boolean>((resolve) => {
      const req = request({ host: external.address, port: server.port, path: '/', timeout: 2000 }, () => resolve(true));
      req.on('error', () => resolve(false));
      req.on('timeout', () => resolve(false));
      req.end();
    });
    expect(reached).toBe(false);
  });

  test('serves the renderer with a strict CSP', async () => {
    const page = await get('/', { host: `127.0.0.1:${server.port}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>PlexAi</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/assets/app.js')).headers['content-type']).toMatch(/javascript/);
  });

  test('refuses paths outside the renderer, other methods and foreign Host headers', async () => {
    expect((await get('/../secret.txt')).status).toBe(404);
    expect((await get('/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get('/assets/%2e%2e/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get('/', { host: 'attacker.example:80' })).status).toBe(403);
  });

  test.for([
    ['no token', ''],
    ['a wrong token', '?token=not-the-token'],
    ['an empty token', '?token='],
  ])('a socket with %s is refused with 401', async ([, query]) => {
    expect(await connect(query!)).toBe(401);
  });

  test('a socket from a foreign web page is refused even with the token', async () => {
    expect(await connect(`?token=${server.token}`, { Origin: 'http://attacker.example' })).toBe(403);
  });

  test('the token check endpoint tells the UI whether its token is right', async () => {
    expect((await get('/rpc/check', { authorization: `Bearer ${server.token}` })).status).toBe(204);
    expect((await get('/rpc/check', { authorization: 'Bearer nope' })).status).toBe(401);
  });

  test('answers requests, survives bad frames, and pushes state events', async () => {
    const ws = (await connect(`?token=${server.token}`, { Origin: `http://127.0.0.1:${server.port}` })) as WebSocket;
    ws.send('{ this is not json');
    expect((await nextMessage(ws)).error.data.name).toBe('PARSE_ERROR');
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'updateSettings', params: { cpuMode: 'no' } }));
    expect((await nextMessage(ws)).error.data.name).toBe('INVALID_PARAMS');
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await nextMessage(ws)).error.data.name).toBe('INVALID_REQUEST');

    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'getState' }));
    expect(await nextMessage(ws)).toEqual({ jsonrpc: '2.0', id: 2, result: state });

    const event = nextMessage(ws);
    states.fire({ ...state, settings: { ...defaultSettings, cpuMode: true } });
    expect(await event).toEqual({ jsonrpc: '2.0', method: 'event', params: { name: 'state', payload: { ...state, settings: { ...defaultSettings, cpuMode: true } } } });
    ws.close();
  });

  test('an oversized frame closes that socket only', async () => {
    const big = (await connect(`?token=${server.token}`)) as WebSocket;
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send('x'.repeat(2 * 1024 * 1024));
    expect(await closed).toBe(1009);
    const other = (await connect(`?token=${server.token}`)) as WebSocket;
    other.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getState' }));
    expect((await nextMessage(other)).result).toEqual(state);
    other.close();
  });
});

describe('resolveStaticPath never leaves the root', () => {
  test.for([
    ['/', '/r/index.html'],
    ['/assets/a.js', '/r/assets/a.js'],
    ['/../etc/passwd', '/r/etc/passwd'],
    ['/%2e%2e/x', '/r/x'],
    ['/a/%2e%2e/%2e%2e/%2e%2e/x', '/r/x'],
    ['/a\\..\\..\\x', null],
    ['/a/%00', null],
    ['/%E0%A4%A', null],
  ] as const)('%s → %s', ([path, expected]) => {
    expect(resolveStaticPath('/r', path)).toBe(expected);
  });
});
