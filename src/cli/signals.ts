/**
 * The first SIGINT or SIGTERM. Ask for it before starting anything: a Ctrl-C that arrives during
 * start-up is then remembered and shuts down cleanly instead of killing the process halfway.
 */
export function stopSignal(): { readonly requested: Promise<void>; readonly received: boolean } {
  let received = false;
  const requested = new Promise<void>((resolve) => {
    const stop = () => {
      received = true;
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return {
    requested,
    get received() {
      return received;
    },
  };
}
