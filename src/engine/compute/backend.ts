import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import type { BackendChoice, BackendName } from '../../common/api';
import { firstWorkingBackend } from './backend-choice';

export type Tf = typeof TfModule;

/** The order a worker tries backends in: native CUDA, native CPU, then WebAssembly, then plain JS. */
export const NODE_BACKEND_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

/** Module loading, injectable so a test can make any backend fail the way it fails in the field. */
export type Importer = (specifier: string) => Promise<unknown>;
const defaultImporter: Importer = (specifier) => import(specifier);

export function wasmDistDir(): string {
  // The Electron build bundles the worker as CommonJS, where import.meta is empty but require exists.
  const resolve = typeof require === 'function' ? require.resolve : createRequire(import.meta.url).resolve;
  return join(dirname(resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
}

async function tryBackend(tf: Tf, name: BackendName, importer: Importer): Promise<void> {
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow': {
      // Both packages register the native backend as 'tensorflow' on the shared tfjs-core engine.
      await importer(name === 'tensorflow-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node');
      if (!(await tf.setBackend('tensorflow'))) throw new Error('the native backend did not initialise');
      return;
    }
    case 'wasm': {
      const wasm = (await importer('@tensorflow/tfjs-backend-wasm')) as { setWasmPaths(prefix: string): void };
      wasm.setWasmPaths(wasmDistDir());
      if (!(await keepingProcessErrorHandlers(() => tf.setBackend('wasm')))) throw new Error('the WebAssembly module did not initialise');
      return;
    }
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not initialise');
      return;
    case 'webgpu':
      throw new Error('WebGPU runs only in the desktop app’s compute window');
  }
}

const PROCESS_ERROR_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/**
 * Runs `load` and then removes the process error handlers it added. TF.js's WebAssembly module is
 * built by Emscripten, which on Node installs handlers that rethrow every uncaught exception and
 * unhandled rejection: a rethrow from inside such a handler ends the process at once, so one stray
 * rejection anywhere (a closed socket during shutdown) killed the devnet with no message.
 */
async function keepingProcessErrorHandlers<T>(load: () => Promise<T>): Promise<T> {
  // Seen as a plain emitter: the typed overloads of `process` take one event name at a time.
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(PROCESS_ERROR_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  try {
    return await load();
  } finally {
    for (const event of PROCESS_ERROR_EVENTS) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  }
}

/**
 * Loads TF.js with the first backend of `order` that works, and records why each earlier one was
 * passed over (a missing native binary, a failed WebAssembly instantiation).
 */
export async function loadBackend(
  order: readonly BackendName[] = NODE_BACKEND_ORDER,
  importer: Importer = defaultImporter,
): Promise<{ tf: Tf; choice: BackendChoice }> {
  const tf = (await importer('@tensorflow/tfjs')) as Tf;
  return firstWorkingBackend(tf, order, (backend) => tryBackend(tf, backend, importer));
}
