import type { PlexApiClient } from '../../../src/common/api';
import { createApiClient } from '../../../src/common/rpc';
import { createIpcTransport } from './ipc-transport';
import type { Transport } from './transport';
import { createWsTransport } from './ws-transport';

const TOKEN_KEY = 'plexai.token';

/**
 * The headless URL carries the token in its fragment; keep it for reloads in sessionStorage and
 * take it out of the address bar, where it would be on show.
 */
function takeToken(): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export type Connection = { client: PlexApiClient; transport: Transport } | { missingToken: true };

/** Pasting a fresh link into the same tab only changes the fragment: start over with its token. */
function reloadOnNewToken(): void {
  window.addEventListener('hashchange', () => {
    if (new URLSearchParams(location.hash.slice(1)).has('token')) location.reload();
  });
}

export function connect(): Connection {
  if (window.plexai) {
    const transport = createIpcTransport(window.plexai);
    return { client: createApiClient(transport), transport };
  }
  reloadOnNewToken();
  const token = takeToken();
  if (!token) return { missingToken: true };
  const transport = createWsTransport(`ws://${location.host}/rpc`, token);
  return { client: createApiClient(transport), transport };
}
