import type { BackendChoice, BackendName } from '../../common/api';
import type { Tf } from './backend';

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();

/**
 * Sets the first backend of `order` that `attempt` gets working, recording why each earlier one
 * was passed over. Shared by the Node workers and the desktop app's WebGPU window (browser safe).
 */
export async function firstWorkingBackend(
  tf: Tf,
  order: readonly BackendName[],
  attempt: (backend: BackendName) => Promise<void>,
): Promise<{ tf: Tf; choice: BackendChoice }> {
  // Production mode skips debug checks and the console advert for tfjs-node on the first cpu op.
  tf.enableProdMode();
  const skipped: BackendChoice['skipped'] = [];
  for (const backend of order) {
    try {
      await attempt(backend);
      await tf.ready();
      return { tf, choice: { backend, skipped } };
    } catch (error) {
      skipped.push({ backend, reason: reasonOf(error) });
    }
  }
  throw new Error(`No TF.js backend works here: ${skipped.map((s) => `${s.backend} (${s.reason})`).join('; ')}`);
}
