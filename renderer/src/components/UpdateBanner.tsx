import { useState } from 'react';
import { useClient } from '../api/client-context';
import { run, useStore } from '../state/store';

/**
 * "Update ready, restart to apply". A restart never interrupts a task silently: when one runs,
 * the engine answers with what is at stake and the owner decides.
 */
export function UpdateBanner() {
  const client = useClient();
  const update = useStore((s) => s.engine?.update);
  const busy = useStore((s) => s.busy.restartToUpdate ?? false);
  const [question, setQuestion] = useState<string | null>(null);

  if (update?.state !== 'ready') return null;
  const restart = async (consent: boolean) => {
    const decision = await run('restartToUpdate', () => client.restartToUpdate({ consent }));
    setQuestion(decision?.action === 'ask' ? decision.reason : null);
  };

  return (
    <div className="banner info" role="status">
      <span>
        <strong>PlexAi Miner {update.version} is ready.</strong> {question ?? 'Restart to apply it; mining resumes on its own.'}
      </span>
      <span className="banner-actions">
        {question ? (
          <>
            <button type="button" className="secondary" onClick={() => setQuestion(null)}>
              Later
            </button>
            <button type="button" className="primary" disabled={busy} onClick={() => void restart(true)}>
              Restart anyway
            </button>
          </>
        ) : (
          <button type="button" className="primary" disabled={busy} onClick={() => void restart(false)}>
            Restart now
          </button>
        )}
      </span>
    </div>
  );
}
