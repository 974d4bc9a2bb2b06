import { describe, expect, test } from 'vitest';
import { defaultSettings, type PlexApi } from './api';
import { fakeApi as baseFakeApi, sampleState } from './api.fixture';
import { handleRpcFrame, invokeMethod, createApiClient } from './rpc';
import { PlexError } from './errors';

const state = sampleState;
const fakeApi = (overrides: Partial<PlexApi> = {}) =>
  baseFakeApi({
    refreshHardware: async () => {
      throw new PlexError('HARDWARE_DETECTION_FAILED', 'Hardware detection failed: probe exploded');
    },
    ...overrides,
  });

const call = async (frame: unknown) => JSON.parse(await handleRpcFrame(fakeApi(), typeof frame === 'string' ? frame : JSON.stringify(frame)));

describe('handleRpcFrame', () => {
  test('a valid request gets its result under the same id', async () => {
    expect(await call({ jsonrpc: '2.0', id: 7, method: 'updateSettings', params: { cpuMode: true } })).toEqual({
      jsonrpc: '2.0',
      id: 7,
      result: { ...defaultSettings, cpuMode: true },
    });
  });

  test.for([
    ['not JSON', '{"jsonrpc":', 'PARSE_ERROR', null],
    ['not a request', { hello: 'there' }, 'INVALID_REQUEST', null],
    ['a bad id keeps no id', { jsonrpc: '2.0', id: { x: 1 }, method: 'getState' }, 'INVALID_REQUEST', null],
    ['an unknown method', { jsonrpc: '2.0', id: 1, method: 'rm -rf', params: {} }, 'METHOD_NOT_FOUND', 1],
    ['a prototype key as method', { jsonrpc: '2.0', id: 2, method: 'constructor' }, 'METHOD_NOT_FOUND', 2],
    ['a wrong param type', { jsonrpc: '2.0', id: 3, method: 'updateSettings', params: { cpuMode: 'yes' } }, 'INVALID_PARAMS', 3],
    ['an unknown setting', { jsonrpc: '2.0', id: 4, method: 'updateSettings', params: { evil: true } }, 'INVALID_PARAMS', 4],
    ['params that are not an object', { jsonrpc: '2.0', id: 5, method: 'getState', params: [1] }, 'INVALID_PARAMS', 5],
  ] as const)('%s gets a typed error', async ([, frame, name, id]) => {
    const response = await call(frame);
    expect(response.id).toBe(id);
    expect(response.error.data.name).toBe(name);
    expect(typeof response.error.code).toBe('number');
  });

  test('invalid params name the failing field', async () => {
    const response = await call({ jsonrpc: '2.0', id: 3, method: 'updateSettings', params: { cpuMode: 'yes' } });
    expect(response.error.data.issues).toEqual([{ path: 'cpuMode', message: expect.any(String) }]);
  });
});

describe('invokeMethod', () => {
  test('an engine error keeps its code across the boundary', async () => {
    expect(await invokeMethod(fakeApi(), 'refreshHardware', {})).toEqual({
      error: { code: -32010, message: 'Hardware detection failed: probe exploded', data: { name: 'HARDWARE_DETECTION_FAILED' } },
    });
  });

  test('an unexpected exception becomes INTERNAL_ERROR instead of escaping', async () => {
    const api = fakeApi({ getState: async () => Promise.reject(new TypeError('boom')) });
    const outcome = await invokeMethod(api, 'getState', {});
    expect(outcome).toMatchObject({ error: { data: { name: 'INTERNAL_ERROR' }, message: 'Internal error: boom' } });
  });

  test('a result that breaks the contract is refused, not passed on', async () => {
    const api = fakeApi({ updateSettings: async () => ({ cpuMode: 'maybe' }) as never });
    expect(await invokeMethod(api, 'updateSettings', {})).toMatchObject({ error: { data: { name: 'INVALID_RESULT' } } });
  });
});

describe('createApiClient', () => {
  test('calls round-trip through a transport and errors arrive as PlexError', async () => {
    const api = fakeApi();
    const listeners: ((payload: unknown) => void)[] = [];
    const client = createApiClient({
      call: (method, params) => invokeMethod(api, method, params),
      subscribe: (_event, listener) => {
        listeners.push(listener);
        return () => undefined;
      },
    });
    expect(await client.updateSettings({ cpuMode: true })).toEqual({ ...defaultSettings, cpuMode: true });
    await expect(client.refreshHardware({})).rejects.toMatchObject({ errorName: 'HARDWARE_DETECTION_FAILED' });

    const seen: unknown[] = [];
    client.on('state', (s) => seen.push(s.settings));
    listeners[0]!(state);
    expect(seen).toEqual([defaultSettings]);
    expect(() => listeners[0]!({ nonsense: true })).toThrow(PlexError);
  });
});
