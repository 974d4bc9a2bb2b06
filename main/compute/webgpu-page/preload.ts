import { ipcRenderer } from 'electron';
import { PORT_CHANNEL, PORT_MESSAGE } from './port-message';

// A MessagePort cannot cross contextBridge; posting it to the page's own window is how Electron
// hands one from an isolated preload to the page. The page checks the sender is its window.
ipcRenderer.once(PORT_CHANNEL, (event) => {
  window.postMessage(PORT_MESSAGE, '*', event.ports);
});
