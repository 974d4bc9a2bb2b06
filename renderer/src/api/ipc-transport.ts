import type { EventName, MethodName } from '../../../src/common/api';
import type { Transport } from './transport';

/** What main/preload.ts exposes as `window.plexai`: one function per method, plus `on`. */
export type PreloadBridge = { [M in MethodName]: (params: unknown) => Promise<unknown> } & {
  on(event: EventName, listener: (payload: unknown) => void): () => void;
};

declare global {
  interface Window {
    plexai?: PreloadBridge;
  }
}

/** In Electron the engine lives in the same app: the connection is up for the window's whole life. */
export function createIpcTransport(bridge: PreloadBridge): Transport {
  return {
    call: async (method, params) => (await bridge[method](params)) as never,
    subscribe: (event, listener) => bridge.on(event, listener),
    onStatus(listener) {
      listener('connected');
      return () => undefined;
    },
  };
}
