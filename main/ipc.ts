import { ipcMain, type WebContents } from 'electron';
import { eventNames, methodNames, type AppState, type PlexApi } from '../src/common/api';
import { DisposableStore, toDisposable, type Disposable, type Event } from '../src/common/lifecycle';
import { invokeMethod } from '../src/common/rpc';
import { eventChannel, methodChannel } from './channels';

/**
 * Serves every PlexApi method over IPC through one checked door: only our own window's main frame
 * may call, and params and results pass the same schemas as on the WebSocket transport. Handlers
 * answer with an outcome object, never a thrown error, so the error code survives the crossing.
 */
export function serveIpc(
  engine: { api: PlexApi; onDidChangeState: Event<AppState> },
  isTrusted: (sender: WebContents, frameUrl: string | undefined) => boolean,
  target: () => WebContents | null,
): Disposable {
  const store = new DisposableStore();
  for (const method of methodNames) {
    ipcMain.handle(methodChannel(method), (event, raw: unknown) => {
      if (!isTrusted(event.sender, event.senderFrame?.url)) {
        return { error: { code: -32600, message: 'Untrusted sender' } };
      }
      return invokeMethod(engine.api, method, raw);
    });
    store.add(toDisposable(() => ipcMain.removeHandler(methodChannel(method))));
  }
  const [stateEvent] = eventNames;
  store.add(
    engine.onDidChangeState((state) => {
      const contents = target();
      if (contents && !contents.isDestroyed()) contents.send(eventChannel(stateEvent!), state);
    }),
  );
  return store;
}
