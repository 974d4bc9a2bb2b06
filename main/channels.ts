import type { EventName, MethodName } from '../src/common/api';

/** Every IPC channel carries this prefix, so nothing else can be reached through ours. */
export const methodChannel = (method: MethodName) => `plexai:call:${method}`;
export const eventChannel = (event: EventName) => `plexai:event:${event}`;
