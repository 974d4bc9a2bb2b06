import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeBase58 } from 'ethers';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { z } from 'zod';

/**
 * A local WalletConnect relay: the public one (relay.walletconnect.org) is unreachable here, and
 * tests and the devnet need real WalletConnect clients to meet somewhere. It speaks the relay's
 * JSON-RPC as @walletconnect/core 2.25 uses it:
 *
 * - `irn_subscribe`, `irn_batchSubscribe`, `irn_unsubscribe`, `irn_batchUnsubscribe`;
 * - `irn_publish`, `irn_batchPublish`, delivered to other subscribers as `irn_subscription`
 *   requests that the client acknowledges;
 * - `irn_fetchMessages`, `irn_batchFetchMessages` for whatever is still held for the caller;
 * - `wc_proposeSession` and `wc_approveSession`, which sign-client sends instead of subscribe +
 *   publish while a session is being set up. The dapp never subscribes to the pairing topic and the
 *   wallet never subscribes to the session topic (both pass `skipSubscribe`), so the relay
 *   subscribes the sender itself.
 *
 * Messages are held for their TTL and handed to every client (by its relay-auth identity, so a
 * restarted client with the same key is not served twice) that subscribes to the topic later: the
 * wallet settles a session before the dapp has subscribed to its topic.
 */

export interface WalletConnectRelayOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Sockets that miss one ping are dropped; clients in Node drop a connection silent for ~35 s. */
  pingIntervalMs?: number;
  /** Refuse connections without a valid relay-auth JWT (`?auth=`), as the public relay does. */
  requireAuth?: boolean;
  log?: (line: string) => void;
}

export interface WalletConnectRelay {
  /** ws://127.0.0.1:PORT, to give clients as their relayUrl. */
  readonly url: string;
  readonly port: number;
  /** Counts for tests and diagnostics. */
  stats(): { clients: number; topics: number; heldMessages: number };
  close(): Promise<void>;
}

const MAX_FRAME_BYTES = 1024 * 1024;
const MAX_MESSAGE_CHARS = 512 * 1024;
const MAX_HELD_PER_TOPIC = 256;
const MAX_BATCH = 500;
const MIN_TTL_SECONDS = 10;
const MAX_TTL_SECONDS = 30 * 24 * 3600;

const TopicSchema = z.string().regex(/^[0-9a-f]{64}$/i, 'expected a 32-byte hex topic');
const EnvelopeSchema = z.string().min(1).max(MAX_MESSAGE_CHARS);
const TtlSchema = z.number().int().min(0).max(MAX_TTL_SECONDS);
const TagSchema = z.number().int().min(0).max(0xffffffff).optional();
const AttestationSchema = z.string().max(8192).optional();
/** Clients send bigint ids as "123…n" strings (@walletconnect/safe-json); both forms come back verbatim. */
const RpcIdSchema = z.union([z.number().int().safe(), z.string().min(1).max(64)]);

const PublishParamsSchema = z.object({
  topic: TopicSchema,
  message: EnvelopeSchema,
  ttl: TtlSchema,
  tag: TagSchema,
  prompt: z.boolean().optional(),
  attestation: AttestationSchema,
});

const paramsByMethod = {
  irn_publish: PublishParamsSchema,
  irn_batchPublish: z.object({ messages: z.array(PublishParamsSchema).min(1).max(MAX_BATCH) }),
  irn_subscribe: z.object({ topic: TopicSchema }),
  irn_batchSubscribe: z.object({ topics: z.array(TopicSchema).min(1).max(MAX_BATCH) }),
  irn_unsubscribe: z.object({ topic: TopicSchema, id: z.string().max(128).optional() }),
  irn_batchUnsubscribe: z.object({
    subscriptions: z.array(z.object({ topic: TopicSchema, id: z.string().max(128).optional() })).min(1).max(MAX_BATCH),
  }),
  irn_fetchMessages: z.object({ topic: TopicSchema }),
  irn_batchFetchMessages: z.object({ topics: z.array(TopicSchema).min(1).max(MAX_BATCH) }),
  wc_proposeSession: z.object({
    pairingTopic: TopicSchema,
    sessionProposal: EnvelopeSchema,
    ttl: TtlSchema,
    tag: TagSchema,
    attestation: AttestationSchema,
  }),
  wc_approveSession: z.object({
    pairingTopic: TopicSchema,
    sessionTopic: TopicSchema,
    sessionProposalResponse: EnvelopeSchema,
    sessionSettlementRequest: EnvelopeSchema,
    ttl: TtlSchema,
    tag: TagSchema,
  }),
} as const;
type RelayMethod = keyof typeof paramsByMethod;

const RequestSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: RpcIdSchema,
  method: z.string().min(1).max(64),
  params: z.unknown().optional(),
});
/** A client's answer to one of our `irn_subscription` pushes. */
const ResponseSchema = z.union([
  z.object({ jsonrpc: z.literal('2.0'), id: RpcIdSchema, result: z.unknown() }),
  z.object({ jsonrpc: z.literal('2.0'), id: RpcIdSchema, error: z.object({ code: z.number(), message: z.string() }) }),
]);

const JwtHeaderSchema = z.object({ alg: z.literal('EdDSA'), typ: z.literal('JWT') });
const JwtPayloadSchema = z.object({
  iss: z.string().startsWith('did:key:z').max(128),
  exp: z.number().int(),
});

const rpcErrors = {
  parse: { code: -32700, message: 'Parse error' },
  invalidRequest: { code: -32600, message: 'Invalid request' },
  methodNotFound: { code: -32601, message: 'Method not found' },
  invalidParams: { code: -32602, message: 'Invalid params' },
  internal: { code: -32603, message: 'Internal error' },
} as const;

interface HeldMessage {
  topic: string;
  message: string;
  publishedAt: number;
  expiresAt: number;
  tag: number;
  attestation: string | undefined;
  /** The publisher's client id: nobody gets their own messages back. */
  from: string;
  /** Client ids that acknowledged it. */
  acked: Set<string>;
}

interface Client {
  /** The relay-auth identity (did:key…), or a per-socket name when auth is not required. */
  id: string;
  socket: WebSocket;
  topics: Set<string>;
  alive: boolean;
  /** Our `irn_subscription` request ids awaiting this client's ack. */
  inFlight: Map<number, HeldMessage>;
}

class RpcFailure extends Error {
  constructor(readonly error: { code: number; message: string }, readonly data?: unknown) {
    super(error.message);
  }
}

/** The subscription id @walletconnect/core computes on its side (sha256 of topic + client id). */
function subscriptionId(topic: string, clientId: string): string {
  return createHash('sha256').update(topic + clientId).digest('hex');
}

function base64UrlJson(part: string): unknown {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

/** ed25519 SPKI DER prefix; the 32-byte raw key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * Checks a relay-auth JWT (did:key ed25519, as @walletconnect/relay-auth signs it) and returns the
 * client id, or null. The id keys held messages, so it must be the key holder's, not claimed.
 */
export function verifyRelayAuth(jwt: string, now = Date.now()): string | null {
  try {
    const [header, payload, signature, extra] = jwt.split('.');
    if (!header || !payload || !signature || extra !== undefined) return null;
    if (!JwtHeaderSchema.safeParse(base64UrlJson(header)).success) return null;
    const claims = JwtPayloadSchema.safeParse(base64UrlJson(payload));
    if (!claims.success || claims.data.exp * 1000 < now) return null;
    const multicodec = Buffer.from(decodeBase58(claims.data.iss.slice('did:key:z'.length)).toString(16).padStart(68, '0'), 'hex');
    if (multicodec.length !== 34 || multicodec[0] !== 0xed || multicodec[1] !== 0x01) return null;
    const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, multicodec.subarray(2)]), format: 'der', type: 'spki' });
    const ok = verifySignature(null, Buffer.from(`${header}.${payload}`, 'utf8'), key, Buffer.from(signature, 'base64url'));
    return ok ? claims.data.iss : null;
  } catch {
    return null;
  }
}

export async function startWalletConnectRelay(options: WalletConnectRelayOptions = {}): Promise<WalletConnectRelay> {
  const pingIntervalMs = options.pingIntervalMs ?? 15_000;
  const requireAuth = options.requireAuth ?? true;
  const log = options.log ?? (() => {});

  const clients = new Map<WebSocket, Client>();
  const subscribers = new Map<string, Set<Client>>();
  const held = new Map<string, HeldMessage[]>();
  let anonymous = 0;
  // Our own request ids stay below 2^53 so clients parse them as plain numbers.
  let nextPushId = Date.now() * 1000;

  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxPayload: MAX_FRAME_BYTES,
    verifyClient: (info: { req: IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void) => {
      if (!requireAuth) return done(true);
      const auth = new URL(info.req.url ?? '/', 'ws://relay').searchParams.get('auth');
      if (auth && verifyRelayAuth(auth)) return done(true);
      done(false, 401, 'Unauthorized: a valid relay-auth JWT is required');
    },
  });
  server.on('error', (error) => log(`relay: server error: ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;

  function send(client: Client, payload: unknown): void {
    if (client.socket.readyState !== WebSocket.OPEN) return;
    client.socket.send(JSON.stringify(payload), (error) => {
      if (error) log(`relay: send to ${client.id} failed: ${error.message}`);
    });
  }

  function push(client: Client, message: HeldMessage): void {
    const id = nextPushId++;
    client.inFlight.set(id, message);
    send(client, {
      jsonrpc: '2.0',
      id,
      method: 'irn_subscription',
      params: {
        id: subscriptionId(message.topic, client.id),
        data: {
          topic: message.topic,
          message: message.message,
          publishedAt: message.publishedAt,
          tag: message.tag,
          ...(message.attestation ? { attestation: message.attestation } : {}),
        },
      },
    });
  }

  function isLive(message: HeldMessage, now = Date.now()): boolean {
    return message.expiresAt > now;
  }

  function owedTo(client: Client, message: HeldMessage): boolean {
    if (message.from === client.id || message.acked.has(client.id) || !isLive(message)) return false;
    for (const pending of client.inFlight.values()) if (pending === message) return false;
    return true;
  }

  function subscribe(client: Client, topic: string): string {
    client.topics.add(topic);
    let set = subscribers.get(topic);
    if (!set) subscribers.set(topic, (set = new Set()));
    set.add(client);
    for (const message of held.get(topic) ?? []) if (owedTo(client, message)) push(client, message);
    return subscriptionId(topic, client.id);
  }

  function unsubscribe(client: Client, topic: string): void {
    client.topics.delete(topic);
    const set = subscribers.get(topic);
    set?.delete(client);
    if (set?.size === 0) subscribers.delete(topic);
  }

  function publish(from: Client, params: { topic: string; message: string; ttl: number; tag?: number; attestation?: string }): void {
    const now = Date.now();
    const ttl = Math.max(params.ttl, MIN_TTL_SECONDS);
    const message: HeldMessage = {
      topic: params.topic,
      message: params.message,
      publishedAt: now,
      expiresAt: now + ttl * 1000,
      tag: params.tag ?? 0,
      attestation: params.attestation,
      from: from.id,
      acked: new Set(),
    };
    const list = held.get(params.topic) ?? [];
    // A retried publish carries the same envelope: hold and deliver it once.
    if (list.some((m) => m.message === params.message && isLive(m, now))) return;
    list.push(message);
    if (list.length > MAX_HELD_PER_TOPIC) list.splice(0, list.length - MAX_HELD_PER_TOPIC);
    held.set(params.topic, list);
    for (const client of subscribers.get(params.topic) ?? []) if (owedTo(client, message)) push(client, message);
  }

  function fetchHeld(client: Client, topics: string[]) {
    const messages = topics.flatMap((topic) =>
      (held.get(topic) ?? [])
        .filter((m) => owedTo(client, m))
        .map((m) => {
          // A fetched message counts as delivered: the client processes the batch itself.
          m.acked.add(client.id);
          return { topic: m.topic, message: m.message, publishedAt: m.publishedAt, tag: m.tag, attestation: m.attestation };
        }),
    );
    return { messages, hasMore: false };
  }

  function handle(client: Client, method: RelayMethod, raw: unknown): unknown {
    const parsed = paramsByMethod[method].safeParse(raw);
    if (!parsed.success) {
      throw new RpcFailure(rpcErrors.invalidParams, {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
      });
    }
    const params = parsed.data;
    switch (method) {
      case 'irn_publish': {
        publish(client, params as z.output<typeof PublishParamsSchema>);
        return true;
      }
      case 'irn_batchPublish': {
        for (const m of (params as z.output<(typeof paramsByMethod)['irn_batchPublish']>).messages) publish(client, m);
        return true;
      }
      case 'irn_subscribe':
        return subscribe(client, (params as { topic: string }).topic);
      case 'irn_batchSubscribe':
        return (params as { topics: string[] }).topics.map((topic) => subscribe(client, topic));
      case 'irn_unsubscribe':
        unsubscribe(client, (params as { topic: string }).topic);
        return true;
      case 'irn_batchUnsubscribe':
        for (const s of (params as { subscriptions: { topic: string }[] }).subscriptions) unsubscribe(client, s.topic);
        return true;
      case 'irn_fetchMessages':
        return fetchHeld(client, [(params as { topic: string }).topic]);
      case 'irn_batchFetchMessages':
        return fetchHeld(client, (params as { topics: string[] }).topics);
      case 'wc_proposeSession': {
        const p = params as z.output<(typeof paramsByMethod)['wc_proposeSession']>;
        // The dapp waits on the pairing topic for the wallet's answer.
        subscribe(client, p.pairingTopic);
        publish(client, { topic: p.pairingTopic, message: p.sessionProposal, ttl: p.ttl, tag: p.tag, attestation: p.attestation });
        return true;
      }
      case 'wc_approveSession': {
        const p = params as z.output<(typeof paramsByMethod)['wc_approveSession']>;
        // The wallet waits on the session topic for the dapp's acknowledgement of the settlement.
        subscribe(client, p.sessionTopic);
        publish(client, { topic: p.pairingTopic, message: p.sessionProposalResponse, ttl: p.ttl, tag: p.tag });
        publish(client, { topic: p.sessionTopic, message: p.sessionSettlementRequest, ttl: p.ttl, tag: p.tag });
        return true;
      }
    }
  }

  function onFrame(client: Client, data: RawData): void {
    client.alive = true;
    let value: unknown;
    try {
      value = JSON.parse(data.toString());
    } catch {
      return send(client, { jsonrpc: '2.0', id: null, error: rpcErrors.parse });
    }
    const response = ResponseSchema.safeParse(value);
    if (response.success) {
      const id = typeof response.data.id === 'number' ? response.data.id : Number(response.data.id.replace(/n$/, ''));
      const message = client.inFlight.get(id);
      client.inFlight.delete(id);
      if (message && 'result' in response.data) message.acked.add(client.id);
      return;
    }
    const request = RequestSchema.safeParse(value);
    if (!request.success) {
      const id = RpcIdSchema.safeParse((value as { id?: unknown } | null)?.id);
      return send(client, { jsonrpc: '2.0', id: id.success ? id.data : null, error: rpcErrors.invalidRequest });
    }
    const { id, method, params } = request.data;
    if (!Object.hasOwn(paramsByMethod, method)) {
      return send(client, { jsonrpc: '2.0', id, error: { ...rpcErrors.methodNotFound, message: `Method not found: ${method}` } });
    }
    try {
      const result = handle(client, method as RelayMethod, params);
      send(client, { jsonrpc: '2.0', id, result });
    } catch (error) {
      if (error instanceof RpcFailure) {
        send(client, { jsonrpc: '2.0', id, error: { ...error.error, ...(error.data ? { data: error.data } : {}) } });
      } else {
        log(`relay: ${method} failed: ${(error as Error).message}`);
        send(client, { jsonrpc: '2.0', id, error: rpcErrors.internal });
      }
    }
  }

  server.on('connection', (socket, request) => {
    const auth = new URL(request.url ?? '/', 'ws://relay').searchParams.get('auth');
    const id = (auth && verifyRelayAuth(auth)) || `anonymous-${++anonymous}`;
    const client: Client = { id, socket, topics: new Set(), alive: true, inFlight: new Map() };
    clients.set(socket, client);
    socket.on('message', (data) => {
      try {
        onFrame(client, data);
      } catch (error) {
        log(`relay: frame from ${client.id} dropped: ${(error as Error).message}`);
      }
    });
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('error', (error) => log(`relay: socket ${client.id}: ${error.message}`));
    socket.on('close', () => {
      for (const topic of [...client.topics]) unsubscribe(client, topic);
      clients.delete(socket);
    });
  });

  const timer = setInterval(() => {
    for (const client of clients.values()) {
      if (!client.alive) {
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
    const now = Date.now();
    for (const [topic, list] of held) {
      const live = list.filter((m) => isLive(m, now));
      if (live.length) held.set(topic, live);
      else held.delete(topic);
    }
  }, pingIntervalMs);
  timer.unref();

  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    stats: () => ({
      clients: clients.size,
      topics: subscribers.size,
      heldMessages: [...held.values()].reduce((n, list) => n + list.length, 0),
    }),
    close: async () => {
      clearInterval(timer);
      for (const socket of clients.keys()) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
