import { serveWorker } from '../../../src/engine/compute/worker-body';
import type { SetupMessage } from '../../../src/engine/compute/worker-port';
import type { FromWorker, ToWorker } from '../../../src/engine/compute/worker-protocol';
import { loadWindowBackend } from './backend';
import { PORT_MESSAGE } from './port-message';

// The preload hands over the main process's end of a MessageChannel once; its first message is
// the worker's setup, every later one a job, exactly as for a utility process.
window.addEventListener('message', (event: MessageEvent) => {
  if (event.source !== window || event.data !== PORT_MESSAGE || !event.ports[0]) return;
  const port = event.ports[0];
  const jobs: ((message: ToWorker) => void)[] = [];
  let started = false;
  port.onmessage = ({ data }: MessageEvent) => {
    if (started) {
      for (const job of jobs) job(data as ToWorker);
      return;
    }
    started = true;
    void serveWorker((data as SetupMessage).setup, {
      send: (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer),
      onMessage: (listener) => jobs.push(listener),
    }, loadWindowBackend);
  };
});
