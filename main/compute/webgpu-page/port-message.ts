/** What the compute window's preload posts to the page with the port to the main process. */
export const PORT_MESSAGE = 'plexai-compute-port';
/** The IPC channel the main process sends that port on. */
export const PORT_CHANNEL = 'compute-port';
