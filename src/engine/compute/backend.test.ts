import { expect, test } from 'vitest';
import { loadBackend } from './backend';

test('loading the WebAssembly backend leaves the process’s error handlers as they were: its Emscripten hooks rethrow any unhandled rejection, which took down the whole devnet (and the test process) on a stray one', async () => {
  const before = { uncaught: process.listeners('uncaughtException'), unhandled: process.listeners('unhandledRejection') };
  const { choice } = await loadBackend(['wasm']);
  expect(choice.backend).toBe('wasm');
  expect(process.listeners('uncaughtException')).toEqual(before.uncaught);
  expect(process.listeners('unhandledRejection')).toEqual(before.unhandled);
});
