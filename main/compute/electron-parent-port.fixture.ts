// Loaded with --import into a plain Node child process, this gives it the `process.parentPort`
// that Electron gives a utility process, over Node's IPC channel: the tests' stand-in for
// Electron, which cannot run on the test machine.
(process as unknown as { parentPort: unknown }).parentPort = {
  postMessage: (message: unknown) => process.send!(message),
  on: (_event: 'message', listener: (event: { data: unknown }) => void) => process.on('message', (data) => listener({ data })),
};
