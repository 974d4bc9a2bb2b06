import { z } from 'zod';
import { HardwareReportSchema } from './hardware';

/**
 * The PlexApi contract between the UI and the engine, carried over Electron IPC and the headless
 * host's WebSocket alike. Bump API_VERSION on any change that an older peer would misread.
 */
export const API_VERSION = 1;

export const SettingsSchema = z.object({
  /** The owner chose to contribute CPU time when no GPU qualifies (or in addition to one). */
  cpuMode: z.boolean(),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const defaultSettings: Settings = { cpuMode: false };

export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  apiVersion: z.number().int(),
  transport: z.enum(['electron', 'headless']),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const HardwareStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('detecting') }),
  z.object({ status: z.literal('ready'), report: HardwareReportSchema }),
  z.object({ status: z.literal('failed'), error: z.string() }),
]);
export type HardwareState = z.infer<typeof HardwareStateSchema>;

export const AppStateSchema = z.object({
  app: AppInfoSchema,
  hardware: HardwareStateSchema,
  settings: SettingsSchema,
});
export type AppState = z.infer<typeof AppStateSchema>;

const NoParams = z.object({}).strict();

/** Every request: its parameters and its result, both validated on the way in and out. */
export const methods = {
  getState: { params: NoParams, result: AppStateSchema },
  refreshHardware: { params: NoParams, result: HardwareReportSchema },
  updateSettings: { params: SettingsPatchSchema, result: SettingsSchema },
} as const;

/** Every event the engine pushes; the payload is the whole new value, never a diff. */
export const events = {
  state: AppStateSchema,
} as const;

export type MethodName = keyof typeof methods;
export type EventName = keyof typeof events;
export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export type MethodParams<M extends MethodName> = z.input<(typeof methods)[M]['params']>;
export type MethodResult<M extends MethodName> = z.output<(typeof methods)[M]['result']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export type PlexApi = { [M in MethodName]: (params: MethodParams<M>) => Promise<MethodResult<M>> };

/** What the UI holds: the requests plus the event stream. `on` returns the unsubscribe. */
export interface PlexApiClient extends PlexApi {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
