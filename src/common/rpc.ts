import { z } from 'zod';
import {
  events,
  isEventName,
  isMethodName,
  methodNames,
  methods,
  type EventName,
  type EventPayload,
  type MethodName,
  type PlexApi,
  type PlexApiClient,
} from './api';
import { PlexError, RpcErrorSchema, parseUnknown, type RpcErrorPayload } from './errors';

/** The result of one call, as it crosses a process boundary: never a thrown exception. */
export const OutcomeSchema = z.union([
  z.object({ result: z.unknown() }).strict(),
  z.object({ error: RpcErrorSchema }).strict(),
]);
export type Outcome = z.infer<typeof OutcomeSchema>;

const IdSchema = z.union([z.string().max(64), z.number().int()]);

export const RpcRequestSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: IdSchema,
  method: z.string().max(64),
  params: z.unknown().optional(),
});

export const RpcResponseSchema = z.union([
  z.object({ jsonrpc: z.literal('2.0'), id: IdSchema.nullable(), result: z.unknown() }),
  z.object({ jsonrpc: z.literal('2.0'), id: IdSchema.nullable(), error: RpcErrorSchema }),
]);

export const RpcEventSchema = z.object({
  jsonrpc: z.literal('2.0'),
  method: z.literal('event'),
  params: z.object({ name: z.string(), payload: z.unknown() }),
});

function toErrorPayload(error: unknown): RpcErrorPayload {
  if (error instanceof PlexError) return error.toPayload();
  const message = error instanceof Error ? error.message : String(error);
  return new PlexError('INTERNAL_ERROR', `Internal error: ${message}`).toPayload();
}

/**
 * Runs one request against the engine: checks the method, parses the params with its schema,
 * and checks the engine's answer against the result schema, so neither side can be fed a shape
 * the contract does not allow.
 */
export async function invokeMethod(api: PlexApi, method: unknown, params: unknown): Promise<Outcome> {
  try {
    if (!isMethodName(method)) {
      throw new PlexError('METHOD_NOT_FOUND', `Unknown method ${JSON.stringify(method)}; known: ${methodNames.join(', ')}`);
    }
    const spec = methods[method];
    const parsed = parseUnknown(spec.params, params ?? {}, 'INVALID_PARAMS', `params for ${method}`);
    const call = api[method] as (p: unknown) => Promise<unknown>;
    const result = await call(parsed);
    return { result: parseUnknown(spec.result, result, 'INVALID_RESULT', `result of ${method}`) };
  } catch (error) {
    return { error: toErrorPayload(error) };
  }
}

/** Handles one JSON-RPC text frame and returns the response frame. */
export async function handleRpcFrame(api: PlexApi, frame: string): Promise<string> {
  let raw: unknown;
  try {
    raw = JSON.parse(frame);
  } catch {
    return JSON.stringify({ jsonrpc: '2.0', id: null, error: new PlexError('PARSE_ERROR', 'Request is not valid JSON').toPayload() });
  }
  let request: z.infer<typeof RpcRequestSchema>;
  try {
    request = parseUnknown(RpcRequestSchema, raw, 'INVALID_REQUEST', 'JSON-RPC request');
  } catch (error) {
    const id = IdSchema.safeParse((raw as { id?: unknown } | null)?.id);
    return JSON.stringify({ jsonrpc: '2.0', id: id.success ? id.data : null, error: toErrorPayload(error) });
  }
  const outcome = await invokeMethod(api, request.method, request.params);
  return JSON.stringify({ jsonrpc: '2.0', id: request.id, ...outcome });
}

export function eventFrame<E extends EventName>(name: E, payload: EventPayload<E>): string {
  return JSON.stringify({ jsonrpc: '2.0', method: 'event', params: { name, payload } });
}

/** Turns an outcome from the other side into the method's typed result, or throws its error. */
export function unwrapOutcome<M extends MethodName>(method: M, raw: unknown) {
  const outcome = parseUnknown(OutcomeSchema, raw, 'INVALID_RESULT', `answer to ${method}`);
  if ('error' in outcome) throw PlexError.fromPayload(outcome.error);
  return parseUnknown(methods[method].result, outcome.result, 'INVALID_RESULT', `result of ${method}`);
}

export function parseEvent<E extends EventName>(name: E, payload: unknown): EventPayload<E> {
  return parseUnknown(events[name], payload, 'INVALID_RESULT', `${name} event`);
}

/** Builds a typed PlexApiClient over any transport that can make a call and deliver events. */
export function createApiClient(transport: {
  call(method: MethodName, params: unknown): Promise<Outcome>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}): PlexApiClient {
  const api = Object.fromEntries(
    methodNames.map((method) => [method, async (params: unknown) => unwrapOutcome(method, await transport.call(method, params ?? {}))]),
  ) as unknown as PlexApi;
  return {
    ...api,
    on(event, listener) {
      if (!isEventName(event)) throw new PlexError('INVALID_PARAMS', `Unknown event ${String(event)}`);
      return transport.subscribe(event, (payload) => listener(parseEvent(event, payload)));
    },
  };
}
