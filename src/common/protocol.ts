import { getAddress, sha256, toUtf8Bytes, verifyMessage } from 'ethers';
import { z } from 'zod';
import { IssueSchema } from './errors';

/**
 * The node ↔ coordinator wire protocol: JSON text frames over one WebSocket per node at
 * NODE_SOCKET_PATH (TLS in production, plain only on loopback), plus the coordinator's HTTP API
 * shapes. Every frame is parsed from `unknown` with these schemas on both sides.
 *
 * A session: the coordinator sends `challenge` → the node answers `hello` (its identity key signs
 * the nonce; its payout wallet's EIP-191 signature binds the payout address) → `welcome`. Then the
 * node sends `heartbeat`s, asks for work with `lease`, returns work with `submit` (one signature
 * over a batch of results) or `refuse`; the coordinator answers `tasks`, `ack`, `cancel`, `error`.
 *
 * Compatibility: new optional fields and new message types are compatible; anything an older
 * peer would misread bumps PROTOCOL_VERSION, and the coordinator keeps accepting the versions it
 * lists in `challenge.protocolVersions`.
 */
export const PROTOCOL_VERSION = 1;
export const NODE_SOCKET_PATH = '/v1/nodes';
/** Frames above this are refused with `too-large` by either side. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
export const MAX_TENSOR_ELEMENTS = 1 << 20;
export const MAX_RESULTS_PER_SUBMIT = 64;
export const MAX_LEASE_SLOTS = 64;

export const AddressSchema = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed 20-byte address');
export const SignatureSchema = z.string().regex(/^0x[0-9a-fA-F]{130}$/, 'expected a 65-byte 0x-prefixed signature');
export const Hex32Schema = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 0x-prefixed 32-byte hex value');
export const IdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'expected letters, digits and . _ : -');
/** Token amounts in wei as decimal strings: they exceed 2^53. */
export const AmountSchema = z.string().regex(/^(0|[1-9][0-9]{0,77})$/, 'expected a whole number of wei as a decimal string');
/** A coarse region name such as "eu-west" or "us-east"; matching prefers nodes near the task's. */
export const RegionSchema = z.string().min(1).max(32).regex(/^[a-z0-9-]+$/);

export const DtypeSchema = z.enum(['float32', 'int32']);
export const TensorSchema = z
  .object({
    dtype: DtypeSchema,
    shape: z.array(z.number().int().min(1).max(1 << 20)).min(1).max(6),
    // Finite numbers only: a NaN or Infinity cannot even be written in JSON, and a node that
    // produced one must `refuse` instead of submitting.
    data: z.array(z.number()).max(MAX_TENSOR_ELEMENTS),
  })
  .refine((t) => t.shape.reduce((a, b) => a * b, 1) === t.data.length, {
    message: 'data length must equal the product of shape',
    path: ['data'],
  })
  .refine((t) => t.dtype !== 'int32' || t.data.every(Number.isInteger), { message: 'int32 data must be integers', path: ['data'] });
export type Tensor = z.infer<typeof TensorSchema>;

export const BackendSchema = z.enum(['cuda', 'tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu']);
export type Backend = z.infer<typeof BackendSchema>;

export const CapabilitiesSchema = z.object({
  gpus: z
    .array(z.object({ model: z.string().max(128), vramMB: z.number().int().min(0), backend: BackendSchema }))
    .max(16),
  backends: z.array(BackendSchema).min(1).max(6),
  /** Measured matmul throughput of the node's best backend. */
  gflops: z.number().min(0).max(1e7),
  /** Measured tasks per second, by model id. */
  tasksPerSecond: z.record(IdSchema, z.number().min(0).max(1e6)),
  /** The largest VRAM among enabled devices (0 for a CPU-only node). */
  vramMB: z.number().int().min(0),
  region: RegionSchema,
  /** How many leases the node runs at once. */
  maxConcurrent: z.number().int().min(1).max(256),
});
export type Capabilities = z.infer<typeof CapabilitiesSchema>;

/**
 * A model is data, addressed by content: `sha256` is the hash of the model artifact as the
 * engine's cache stores it; `url` is where to fetch it when it is not bundled.
 */
export const ModelRefSchema = z.object({
  id: IdSchema,
  sha256: Hex32Schema,
  bytes: z.number().int().min(0),
  url: z.string().max(2048).nullable(),
});
export type ModelRef = z.infer<typeof ModelRefSchema>;

export const AssignmentSchema = z.object({
  leaseId: IdSchema,
  taskId: IdSchema,
  model: ModelRefSchema,
  input: TensorSchema,
  /** The task's size in floating-point operations; the lease deadline and credits derive from it. */
  flops: z.number().min(0),
  /** Unix milliseconds; a result after this may be rejected and the task is re-queued. */
  deadline: z.number().int(),
});
export type Assignment = z.infer<typeof AssignmentSchema>;

export const ResultItemSchema = z.object({
  leaseId: IdSchema,
  taskId: IdSchema,
  output: TensorSchema,
  durationMs: z.number().min(0),
  backend: BackendSchema,
});
export type ResultItem = z.infer<typeof ResultItemSchema>;

export const RefusalReasonSchema = z.enum([
  'model-hash-mismatch',
  'op-not-allowed',
  'too-large',
  'bad-input',
  'non-finite-output',
  'worker-crashed',
  'internal',
]);
export type RefusalReason = z.infer<typeof RefusalReasonSchema>;

// ── node → coordinator ────────────────────────────────────────────────────────────────────────

export const HelloSchema = z.object({
  type: z.literal('hello'),
  protocolVersion: z.number().int(),
  /** The address of the node's own secp256k1 identity key. */
  nodeId: AddressSchema,
  /** The identity key's EIP-191 signature of helloMessage(nonce, nodeId, payout.address). */
  signature: SignatureSchema,
  payout: z.object({
    address: AddressSchema,
    /** The payout wallet's EIP-191 signature of payoutBindingMessage(nodeId, address). */
    signature: SignatureSchema,
  }),
  capabilities: CapabilitiesSchema,
  client: z.object({ name: z.string().max(64), version: z.string().max(32) }),
});

export const HeartbeatSchema = z.object({
  type: z.literal('heartbeat'),
  activeLeases: z.number().int().min(0).max(10_000),
  /** The node's idle policy paused it: keep the session, send no new work. */
  paused: z.boolean(),
});

export const LeaseRequestSchema = z.object({
  type: z.literal('lease'),
  requestId: IdSchema,
  slots: z.number().int().min(1).max(MAX_LEASE_SLOTS),
  /** Only these models (for instance, the ones already cached); all when absent. */
  models: z.array(IdSchema).max(64).optional(),
});

export const SubmitSchema = z.object({
  type: z.literal('submit'),
  results: z.array(ResultItemSchema).min(1).max(MAX_RESULTS_PER_SUBMIT),
  /** The identity key's EIP-191 signature of submitMessage(results): one signature per batch. */
  signature: SignatureSchema,
});

export const RefuseSchema = z.object({
  type: z.literal('refuse'),
  leaseId: IdSchema,
  taskId: IdSchema,
  reason: RefusalReasonSchema,
  message: z.string().max(1024),
});

export const NodeMessageSchema = z.discriminatedUnion('type', [
  HelloSchema,
  HeartbeatSchema,
  LeaseRequestSchema,
  SubmitSchema,
  RefuseSchema,
]);
export type NodeMessage = z.infer<typeof NodeMessageSchema>;
export type Hello = z.infer<typeof HelloSchema>;
export type Heartbeat = z.infer<typeof HeartbeatSchema>;
export type LeaseRequest = z.infer<typeof LeaseRequestSchema>;
export type Submit = z.infer<typeof SubmitSchema>;
export type Refuse = z.infer<typeof RefuseSchema>;

// ── coordinator → node ────────────────────────────────────────────────────────────────────────

export const ChallengeSchema = z.object({
  type: z.literal('challenge'),
  protocolVersions: z.array(z.number().int()).min(1),
  nonce: Hex32Schema,
  serverTime: z.number().int(),
});

export const WelcomeSchema = z.object({
  type: z.literal('welcome'),
  protocolVersion: z.number().int(),
  sessionId: IdSchema,
  nodeId: AddressSchema,
  /** Send a heartbeat at least this often; three missed ones end the session and re-queue its leases. */
  heartbeatIntervalMs: z.number().int().min(1),
  maxFrameBytes: z.number().int().min(1),
  /** Messages per second the node may send before `rate-limited`. */
  maxMessagesPerSecond: z.number().min(1),
  serverTime: z.number().int(),
});

export const TasksSchema = z.object({
  type: z.literal('tasks'),
  requestId: IdSchema,
  assignments: z.array(AssignmentSchema).max(MAX_LEASE_SLOTS),
  /** When no work was available: ask again after this long. */
  retryAfterMs: z.number().int().min(0).nullable(),
});

/**
 * `accepted`: stored durably (the node may forget it); `duplicate`: stored earlier (forget it too);
 * `rejected`: will never be taken (unknown, expired or foreign lease), with the reason.
 */
export const AckStatusSchema = z.enum(['accepted', 'duplicate', 'rejected']);
export const AckSchema = z.object({
  type: z.literal('ack'),
  items: z.array(z.object({ leaseId: IdSchema, status: AckStatusSchema, reason: z.string().max(256).optional() })),
});

export const CancelSchema = z.object({
  type: z.literal('cancel'),
  leaseId: IdSchema,
  reason: z.enum(['expired', 'settled', 'task-failed']),
});

export const ProtocolErrorCodeSchema = z.enum([
  'malformed',
  'too-large',
  'unsupported-version',
  'bad-signature',
  'replay',
  'not-ready',
  'rate-limited',
  'unknown-lease',
  'shutting-down',
  'internal',
]);
export type ProtocolErrorCode = z.infer<typeof ProtocolErrorCodeSchema>;

export const ProtocolErrorSchema = z.object({
  type: z.literal('error'),
  code: ProtocolErrorCodeSchema,
  message: z.string(),
  /** The requestId or leaseId the error answers, when it answers one. */
  ref: z.string().nullable(),
  issues: z.array(IssueSchema).optional(),
  /** The coordinator closes the socket after a fatal error. */
  fatal: z.boolean(),
});

export const CoordinatorMessageSchema = z.discriminatedUnion('type', [
  ChallengeSchema,
  WelcomeSchema,
  TasksSchema,
  AckSchema,
  CancelSchema,
  ProtocolErrorSchema,
]);
export type CoordinatorMessage = z.infer<typeof CoordinatorMessageSchema>;
export type Challenge = z.infer<typeof ChallengeSchema>;
export type Welcome = z.infer<typeof WelcomeSchema>;
export type Tasks = z.infer<typeof TasksSchema>;
export type Ack = z.infer<typeof AckSchema>;
export type Cancel = z.infer<typeof CancelSchema>;
export type ProtocolError = z.infer<typeof ProtocolErrorSchema>;

// ── what gets signed ──────────────────────────────────────────────────────────────────────────

/** Signed by the node's identity key; the nonce is fresh per connection, so a hello cannot be replayed. */
export function helloMessage(nonce: string, nodeId: string, payoutAddress: string): string {
  return `PlexAi node hello v${PROTOCOL_VERSION}\nnonce: ${nonce.toLowerCase()}\nnode: ${getAddress(nodeId)}\npayout: ${getAddress(payoutAddress)}`;
}

/** Signed once by the owner's wallet (on their phone): words a person can read before signing. */
export function payoutBindingMessage(nodeId: string, payoutAddress: string): string {
  return `PlexAi Miner: pay the rewards earned by node ${getAddress(nodeId)} to ${getAddress(payoutAddress)}.`;
}

/** sha256 (fast in Node) of the tensor's canonical JSON: what a result signature commits to. */
export function tensorDigest(tensor: Tensor): string {
  return sha256(toUtf8Bytes(JSON.stringify([tensor.dtype, tensor.shape, tensor.data])));
}

/**
 * Signed by the identity key over a whole batch, since a secp256k1 recovery costs about 1.5 ms
 * here and per-result signatures would cap the coordinator well below its throughput budget.
 * Lease ids are single-use, so a replayed batch earns nothing twice.
 */
export function submitMessage(results: readonly ResultItem[]): string {
  const lines = results.map((r) => `${r.leaseId} ${r.taskId} ${tensorDigest(r.output)}`);
  return `PlexAi results v${PROTOCOL_VERSION}\n${lines.join('\n')}`;
}

/** The address that signed `message` (EIP-191), or null for a malformed signature. */
export function recoverSigner(message: string, signature: string): string | null {
  try {
    return verifyMessage(message, signature);
  } catch {
    return null;
  }
}

export function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

// ── HTTP API (for task submitters, dashboards and claims) ─────────────────────────────────────

export const API_KEY_HEADER = 'x-api-key';

export const TaskSpecSchema = z.object({
  model: IdSchema,
  input: TensorSchema,
  /** Prefer nodes near this region. */
  region: RegionSchema.optional(),
});
export type TaskSpec = z.infer<typeof TaskSpecSchema>;

export const TaskBatchSchema = z.object({ tasks: z.array(TaskSpecSchema).min(1).max(256) });

export const TaskStatusNameSchema = z.enum(['queued', 'running', 'completed', 'failed']);
export const TaskStatusSchema = z.object({
  taskId: IdSchema,
  model: IdSchema,
  status: TaskStatusNameSchema,
  attempts: z.number().int(),
  result: TensorSchema.nullable(),
  failure: z.string().nullable(),
  createdAt: z.number().int(),
  completedAt: z.number().int().nullable(),
});
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

export const NetworkStatsSchema = z.object({
  activeNodes: z.number().int(),
  tasks24h: z.number().int(),
  tasksPrevious24h: z.number().int(),
  /** Change of tasks24h against the 24 h before, in percent; null when there were none before. */
  tasksChangePercent: z.number().nullable(),
  /** Sum of the active nodes' measured GFLOP/s. */
  computeGflops: z.number(),
  /**
   * Change of activeNodes and computeGflops against the coordinator's sample of them taken about
   * 24 h before (at comparedToSampleAt), in percent; null without such a sample or when it was 0.
   */
  activeNodesChangePercent: z.number().nullable().default(null),
  computeGflopsChangePercent: z.number().nullable().default(null),
  comparedToSampleAt: z.number().int().nullable().default(null),
  epoch: z.object({ current: z.number().int(), endsAt: z.number().int() }),
});
export type NetworkStats = z.infer<typeof NetworkStatsSchema>;

export const EpochEarningSchema = z.object({
  epoch: z.number().int(),
  startedAt: z.number().int(),
  endedAt: z.number().int(),
  amount: AmountSchema,
  credits: z.number(),
  tasks: z.number().int(),
  rejected: z.number().int(),
  uptimePercent: z.number(),
  /** In words, e.g. "12,400 tasks, 2 rejected, 99.2 % uptime". */
  explanation: z.string(),
});
export type EpochEarning = z.infer<typeof EpochEarningSchema>;

const EarningsBodySchema = z.object({
  cumulative: AmountSchema,
  epochs: z.array(EpochEarningSchema),
  days: z.array(z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), amount: AmountSchema, tasks: z.number().int() })),
});

/** A payout account's earnings: the sum over the nodes paying to it. */
export const EarningsSchema = EarningsBodySchema.extend({ account: AddressSchema });
export type Earnings = z.infer<typeof EarningsSchema>;

/** One node's earnings, whichever account it pays to (GET /v1/nodes/:node/earnings). */
export const NodeEarningsSchema = EarningsBodySchema.extend({ nodeId: AddressSchema });
export type NodeEarnings = z.infer<typeof NodeEarningsSchema>;

/** What MiningRewards.claim(account, cumulativeAmount, proof) needs, under the latest root. */
export const ClaimProofSchema = z.object({
  account: AddressSchema,
  epoch: z.number().int(),
  root: Hex32Schema,
  cumulativeAmount: AmountSchema,
  proof: z.array(Hex32Schema),
});
export type ClaimProof = z.infer<typeof ClaimProofSchema>;

export const HttpErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(IssueSchema).optional(),
});
