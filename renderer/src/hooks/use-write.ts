import { useState } from 'react';

/**
 * A write the owner started from one control (a stake, an unstake, a retry): whether it is under
 * way, so the button refuses a second press, and why the last one failed, shown next to it.
 */
export function useWrite() {
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  /** Runs `call`; true when it went through. */
  const start = async (call: () => Promise<unknown>): Promise<boolean> => {
    setFailure(null);
    setRunning(true);
    try {
      await call();
      return true;
    } catch (error) {
      setFailure((error as Error).message);
      return false;
    } finally {
      setRunning(false);
    }
  };
  return { running, failure, start };
}
