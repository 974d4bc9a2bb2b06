import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventNames, isEventName, methodNames, type EventName } from '../src/common/api';
import { eventChannel, methodChannel } from './channels';

/**
 * The renderer's only door to the app: one function per PlexApi method and a subscription to
 * the known events. ipcRenderer itself never crosses the bridge.
 */
const api = Object.fromEntries(
  methodNames.map((method) => [method, (params: unknown) => ipcRenderer.invoke(methodChannel(method), params)]),
);

contextBridge.exposeInMainWorld('plexai', {
  ...api,
  on(event: EventName, listener: (payload: unknown) => void) {
    if (!isEventName(event)) throw new Error(`Unknown event "${String(event)}"; known: ${eventNames.join(', ')}`);
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(eventChannel(event), handler);
    return () => {
      ipcRenderer.removeListener(eventChannel(event), handler);
    };
  },
});
