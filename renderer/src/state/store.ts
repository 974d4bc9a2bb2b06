import { create, type StateCreator } from 'zustand';
import type { AppState, PlexApiClient } from '../../../src/common/api';
import type { ConnectionStatus, Transport } from '../api/transport';

export type PageId = 'onboarding' | 'hardware' | 'mining' | 'wallet' | 'dashboard' | 'staking' | 'settings';

interface ConnectionSlice {
  connection: ConnectionStatus | 'no-token';
}

/** Requests whose buttons show progress and refuse a second press while one is under way. */
export type BusyName =
  | 'refreshHardware'
  | 'updateSettings'
  | 'restartToUpdate'
  | 'startMining'
  | 'stopMining'
  | 'runBenchmark'
  | 'cancelBenchmark'
  | 'snooze'
  | 'connectWallet'
  | 'disconnectWallet'
  | 'useDevWallet';

interface EngineSlice {
  engine: AppState | null;
  /** The last failed request, in words, until the user dismisses it or a later call succeeds. */
  requestError: string | null;
  busy: Partial<Record<BusyName, boolean>>;
}

interface NavigationSlice {
  /** Null until the engine's first state says where this owner starts. */
  page: PageId | null;
  goTo(page: PageId): void;
}

export type Store = ConnectionSlice & EngineSlice & NavigationSlice;

const connectionSlice: StateCreator<Store, [], [], ConnectionSlice> = () => ({ connection: 'connecting' });
const engineSlice: StateCreator<Store, [], [], EngineSlice> = () => ({ engine: null, requestError: null, busy: {} });
const navigationSlice: StateCreator<Store, [], [], NavigationSlice> = (set) => ({
  page: null,
  goTo: (page) => set({ page }),
});

/** A new owner starts on Get started; once they have mined, the app opens where they watch it. */
function firstPage(engine: AppState): PageId {
  return engine.settings.onboarded ? 'mining' : 'onboarding';
}

function receive(engine: AppState): void {
  useStore.setState((s) => ({ engine, page: s.page ?? firstPage(engine) }));
}

export const useStore = create<Store>()((...a) => ({ ...connectionSlice(...a), ...engineSlice(...a), ...navigationSlice(...a) }));

/** Feeds the store from the engine's events, outside React; returns the unsubscribe. */
export function follow(client: PlexApiClient, transport: Transport): () => void {
  const offState = client.on('state', receive);
  const offStatus = transport.onStatus((connection) => {
    useStore.setState({ connection });
    if (connection === 'connected') {
      client.getState({}).then(
        receive,
        (error: Error) => useStore.setState({ requestError: error.message }),
      );
    }
  });
  return () => {
    offState();
    offStatus();
  };
}

/**
 * Runs a request with a busy flag, turning a failure into a message the UI shows: the banner by
 * default, or `onError` where the page shows it in place (the wallet card shows its own failures).
 */
export async function run<T>(name: BusyName, request: () => Promise<T>, onError?: (error: Error) => void): Promise<T | undefined> {
  const focused = document.activeElement;
  useStore.setState((s) => ({ busy: { ...s.busy, [name]: true } }));
  try {
    const result = await request();
    useStore.setState({ requestError: null });
    return result;
  } catch (error) {
    if (onError) onError(error as Error);
    else useStore.setState({ requestError: (error as Error).message });
    return undefined;
  } finally {
    useStore.setState((s) => ({ busy: { ...s.busy, [name]: false } }));
    giveFocusBack(focused);
  }
}

/**
 * A control disabled while its request runs loses the keyboard focus to the page's body (the
 * browser's focus fix-up), so the next Tab or Space would start over from the top. Once React has
 * enabled it again (by the next frame), the focus goes back to it, unless the owner moved on or the
 * control is gone.
 */
function giveFocusBack(focused: Element | null): void {
  if (!(focused instanceof HTMLElement) || focused === document.body) return;
  requestAnimationFrame(() => {
    if (document.activeElement === document.body && focused.isConnected) focused.focus();
  });
}

/** Requests only reach the engine while connected; offline, controls show the last known state. */
export function useOnline(): boolean {
  return useStore((s) => s.connection === 'connected');
}
