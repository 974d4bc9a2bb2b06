import type { EventName, MethodName } from '../../../src/common/api';
import type { Outcome } from '../../../src/common/rpc';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'unauthorized';

/** How the UI reaches the engine: Electron IPC through the preload, or the headless host's WebSocket. */
export interface Transport {
  call(method: MethodName, params: unknown): Promise<Outcome>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}
