import type { EventName, MethodName } from '../../../src/common/api';
import { PlexError } from '../../../src/common/errors';
import { RpcEventSchema, RpcResponseSchema, type Outcome } from '../../../src/common/rpc';
import type { ConnectionStatus, Transport } from './transport';

const CALL_TIMEOUT_MS = 15_000;
const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000];

function failure(name: 'NOT_CONNECTED' | 'TIMEOUT', message: string): Outcome {
  return { error: new PlexError(name, message).toPayload() };
}

/**
 * JSON-RPC over the headless host's WebSocket. Reconnects with backoff when the host goes away;
 * a socket refused for its token is reported as `unauthorized`, and not retried.
 */
export function createWsTransport(endpoint: string, token: string): Transport {
  const pending = new Map<number, { resolve: (o: Outcome) => void; timer: ReturnType<typeof setTimeout> }>();
  const eventListeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let status: ConnectionStatus = 'connecting';
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;

  const setStatus = (next: ConnectionStatus) => {
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  /** Browsers hide a refused handshake's HTTP status, so ask the host whether the token is the problem. */
  async function tokenRejected(): Promise<boolean> {
    try {
      const response = await fetch(new URL('/rpc/check', endpoint.replace(/^ws/, 'http')), {
        headers: { Authorization: `Bearer ${token}` },
      });
      return response.status === 401;
    } catch {
      return false;
    }
  }

  function open() {
    const ws = new WebSocket(`${endpoint}?token=${encodeURIComponent(token)}`);
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      attempt = 0;
      setStatus('connected');
    };
    ws.onmessage = (message) => receive(String(message.data));
    ws.onclose = async () => {
      socket = null;
      for (const [id, call] of pending) {
        clearTimeout(call.timer);
        call.resolve(failure('NOT_CONNECTED', 'The connection to the PlexAi engine was lost'));
        pending.delete(id);
      }
      if (!opened && (await tokenRejected())) return setStatus('unauthorized');
      setStatus('reconnecting');
      const delay = RETRY_DELAYS_MS[Math.min(attempt++, RETRY_DELAYS_MS.length - 1)];
      setTimeout(open, delay);
    };
  }

  function receive(text: string) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return;
    }
    const event = RpcEventSchema.safeParse(raw);
    if (event.success) {
      for (const listener of eventListeners.get(event.data.params.name as EventName) ?? []) listener(event.data.params.payload);
      return;
    }
    const response = RpcResponseSchema.safeParse(raw);
    if (!response.success || typeof response.data.id !== 'number') return;
    const call = pending.get(response.data.id);
    if (!call) return;
    pending.delete(response.data.id);
    clearTimeout(call.timer);
    call.resolve('error' in response.data ? { error: response.data.error } : { result: response.data.result });
  }

  open();

  return {
    call(method: MethodName, params: unknown) {
      if (!socket || socket.readyState !== WebSocket.OPEN) {
        return Promise.resolve(failure('NOT_CONNECTED', 'Not connected to the PlexAi engine'));
      }
      const id = nextId++;
      const ws = socket;
      return new Promise<Outcome>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(failure('TIMEOUT', `The engine did not answer ${method} in time`));
        }, CALL_TIMEOUT_MS);
        pending.set(id, { resolve, timer });
        ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      });
    },
    subscribe(event, listener) {
      const listeners = eventListeners.get(event) ?? new Set();
      eventListeners.set(event, listeners);
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
  };
}
