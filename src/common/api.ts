import { z } from 'zod';
import { HardwareReportSchema } from './hardware';
import {
  ClaimAllResultSchema,
  ClaimResultSchema,
  PositionParamsSchema,
  StakeParamsSchema,
  StakeResultSchema,
  StakingOverviewSchema,
  StakingStatusSchema,
  UnstakeResultSchema,
} from './staking';
import { ClaimEstimateSchema, ClaimReceiptSchema, EarningsStateSchema } from './earnings';
import { TransactionFeedSchema, TransactionsParamsSchema } from './transactions';
import { ProjectIdSettingSchema, RelayUrlSettingSchema } from './walletconnect';

/**
 * The PlexApi contract between the UI and the engine, carried over Electron IPC and the headless
 * host's WebSocket alike. Bump API_VERSION on any change that an older peer would misread.
 */
export const API_VERSION = 7;

/** A weekly window in which mining may run; minutes count from local midnight, end exclusive. */
export const ScheduleWindowSchema = z
  .object({
    days: z.array(z.number().int().min(0).max(6)).min(1),
    startMinute: z.number().int().min(0).max(1440),
    endMinute: z.number().int().min(0).max(1440),
  })
  .refine((w) => w.startMinute !== w.endMinute, { message: 'a window must not be empty' });
export type ScheduleWindow = z.infer<typeof ScheduleWindowSchema>;

export const UpdateChannelSchema = z.enum(['stable', 'beta']);
export type UpdateChannel = z.infer<typeof UpdateChannelSchema>;

export const ThemeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof ThemeSchema>;

export const SettingsSchema = z.object({
  /** The owner chose to contribute CPU time when no GPU qualifies (or in addition to one). */
  cpuMode: z.boolean(),
  /** Mining starts once the machine has been left alone this long. */
  startAfterIdleSeconds: z.number().int().min(0).max(86_400),
  /** What happens while someone uses the machine: stop issuing work, or keep a throttled share. */
  whileInUse: z.enum(['pause', 'throttle']),
  /** The busy share of each GPU while in use and `whileInUse` is 'throttle'. */
  throttlePercent: z.number().int().min(5).max(95),
  pauseOnBattery: z.boolean(),
  pauseAboveTemperatureC: z.number().min(40).max(110),
  /** Mining only inside these windows; empty means any time. */
  schedule: z.array(ScheduleWindowSchema).max(64),
  /** A machine nobody sits at: no idle detection, mine whenever other rules allow. */
  dedicatedRig: z.boolean(),
  /** Mining paused until this instant, or not snoozed. */
  snoozeUntil: z.iso.datetime().nullable(),
  /** GPU ids (HardwareReport ids) the owner switched off. */
  disabledGpuIds: z.array(z.string().max(64)).max(64),
  /** Process names (a game, a render tool) whose presence pauses mining. */
  pauseForProcesses: z.array(z.string().min(1).max(128)).max(256),
  /** A program filling the screen (a game, a film) pauses mining, where the system can tell. */
  pauseForFullScreen: z.boolean(),
  /** Yield while other programs keep the processor or a GPU over half busy. */
  pauseForOtherLoad: z.boolean(),
  /** Desktop app only: start hidden in the tray when the owner logs in. */
  startAtLogin: z.boolean(),
  /** Desktop app only: which releases the app updates itself to. */
  updateChannel: UpdateChannelSchema,
  /** The WalletConnect relay (wss://, or ws:// on loopback); empty: this network's default. */
  walletConnectRelayUrl: RelayUrlSettingSchema,
  /** The app's WalletConnect project id (cloud.reown.com); empty: not set. */
  walletConnectProjectId: ProjectIdSettingSchema,
  /** Mining has been started once: the app opens on Mining from then on, not on Get started. */
  onboarded: z.boolean(),
  /** The UI's colours; kept by the engine so that a headless UI on a new port and a restarted app keep them. */
  theme: ThemeSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;
export const defaultSettings: Settings = {
  cpuMode: false,
  startAfterIdleSeconds: 120,
  whileInUse: 'pause',
  throttlePercent: 25,
  pauseOnBattery: true,
  pauseAboveTemperatureC: 83,
  schedule: [],
  dedicatedRig: false,
  snoozeUntil: null,
  disabledGpuIds: [],
  pauseForProcesses: [],
  pauseForFullScreen: true,
  pauseForOtherLoad: true,
  startAtLogin: false,
  updateChannel: 'stable',
  walletConnectRelayUrl: '',
  walletConnectProjectId: '',
  onboarded: false,
  theme: 'system',
};

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

/** Why no new work is issued right now, as a stable code. */
export const PauseReasonSchema = z.enum([
  'stopped',
  'in-use',
  /** No idle-time source works here (a headless Linux box): the owner can mark it a dedicated rig. */
  'idle-unknown',
  'on-battery',
  'too-hot',
  'busy-gpu',
  'busy-cpu',
  'listed-process',
  'full-screen',
  'outside-schedule',
  'snoozed',
  'no-device',
]);
export type PauseReason = z.infer<typeof PauseReasonSchema>;

export const MiningModeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('full') }),
  z.object({ kind: z.literal('throttled'), dutyPercent: z.number().min(0).max(100) }),
  z.object({ kind: z.literal('paused'), reason: PauseReasonSchema }),
]);
export type MiningMode = z.infer<typeof MiningModeSchema>;

export const BackendNameSchema = z.enum(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu', 'webgpu']);
export type BackendName = z.infer<typeof BackendNameSchema>;

/** Which TF.js backend a worker uses, and why each better one was passed over. */
export const BackendChoiceSchema = z.object({
  backend: BackendNameSchema,
  skipped: z.array(z.object({ backend: BackendNameSchema, reason: z.string() })),
});
export type BackendChoice = z.infer<typeof BackendChoiceSchema>;

/** A task on a worker, as the Mining page shows it: which model, since when, on which backend. */
export const WorkerTaskSchema = z.object({
  taskId: z.string().max(64),
  /** The model's name as the network gave it, or the start of its digest. */
  model: z.string().max(128),
  backend: BackendNameSchema,
  startedAt: z.iso.datetime(),
});
export type WorkerTask = z.infer<typeof WorkerTaskSchema>;

export const WorkerInfoSchema = z.object({
  id: z.string(),
  /** A GPU id from the hardware report, or 'cpu'. */
  device: z.string(),
  status: z.enum(['starting', 'idle', 'busy', 'crashed', 'stopped']),
  backend: BackendChoiceSchema.nullable(),
  tasksDone: z.number().int().min(0),
  tasksFailed: z.number().int().min(0),
  restarts: z.number().int().min(0),
  /** What the worker could not arrange for itself (a lower priority), in plain words. */
  notes: z.array(z.string()),
  /** The task running now; null while the worker waits for work. */
  current: WorkerTaskSchema.nullable(),
  /** The task before, so that work lasting milliseconds is still visible between tasks. */
  last: WorkerTaskSchema.extend({ finishedAt: z.iso.datetime(), ok: z.boolean() }).nullable(),
});
export type WorkerInfo = z.infer<typeof WorkerInfoSchema>;

export const ModelBenchmarkSchema = z.object({
  model: z.string(),
  batchSize: z.number().int().min(1),
  batchMs: z.number().min(0),
  samplesPerSecond: z.number().min(0),
});

export const BenchmarkResultSchema = z.object({
  backend: BackendChoiceSchema,
  matmulGflops: z.number().min(0),
  models: z.array(ModelBenchmarkSchema),
  measuredAt: z.iso.datetime(),
});
export type BenchmarkResult = z.infer<typeof BenchmarkResultSchema>;

export const BenchmarkStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('none') }),
  z.object({ status: z.literal('running'), progress: z.number().min(0).max(1), step: z.string() }),
  z.object({ status: z.literal('done'), results: z.array(BenchmarkResultSchema) }),
  z.object({ status: z.literal('failed'), error: z.string(), previous: z.array(BenchmarkResultSchema) }),
  /** The owner stopped the first run; a stopped re-run goes back to the results it would have replaced. */
  z.object({ status: z.literal('cancelled') }),
]);
export type BenchmarkState = z.infer<typeof BenchmarkStateSchema>;

export const NetworkStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('off') }),
  z.object({ status: z.literal('connecting'), attempt: z.number().int().min(0) }),
  z.object({ status: z.literal('connected'), sessionId: z.string() }),
  /**
   * Disconnected; the next attempt follows after a backoff. `cause` tells the owner's way on: the
   * network is unreachable (wait), no payout wallet is connected (connect one), or the coordinator
   * refused this miner (its words are in lastError).
   */
  z.object({
    status: z.literal('waiting'),
    attempt: z.number().int().min(0),
    retryInMs: z.number().min(0),
    cause: z.enum(['unreachable', 'no-wallet', 'refused']),
    lastError: z.string(),
  }),
]);
export type NetworkState = z.infer<typeof NetworkStateSchema>;

/** Finished work as the coordinator answered it, counted since the app started. */
export const TaskCountsSchema = z.object({
  accepted: z.number().int().min(0),
  duplicate: z.number().int().min(0),
  rejected: z.number().int().min(0),
  /** Tasks this node refused (bad input, a failed worker), with the reason sent along. */
  refused: z.number().int().min(0),
  /** Finished and kept on disk until the coordinator acknowledges them. */
  awaitingAck: z.number().int().min(0),
});
export type TaskCounts = z.infer<typeof TaskCountsSchema>;

export const MiningStateSchema = z.object({
  /** The owner pressed Start (and has not pressed Stop). */
  running: z.boolean(),
  mode: MiningModeSchema,
  workers: z.array(WorkerInfoSchema),
  benchmark: BenchmarkStateSchema,
  network: NetworkStateSchema,
  tasks: TaskCountsSchema,
  /** Why full-screen programs cannot be detected on this system; null where they can. */
  fullScreenUnsupported: z.string().nullable(),
});
export type MiningState = z.infer<typeof MiningStateSchema>;
export const initialMiningState: MiningState = {
  running: false,
  mode: { kind: 'paused', reason: 'stopped' },
  workers: [],
  benchmark: { status: 'none' },
  network: { status: 'off' },
  tasks: { accepted: 0, duplicate: 0, rejected: 0, refused: 0, awaitingAck: 0 },
  fullScreenUnsupported: null,
};

/** One settled task in the local history that feeds the dashboard. */
export const TaskHistoryEntrySchema = z.object({
  at: z.iso.datetime(),
  taskId: z.string(),
  leaseId: z.string(),
  kind: z.enum(['result', 'refusal']),
  status: z.enum(['accepted', 'duplicate', 'rejected']),
  reason: z.string().optional(),
});
export type TaskHistoryEntry = z.infer<typeof TaskHistoryEntrySchema>;

/** The desktop app's self-update, from GitHub releases; times are epoch milliseconds. */
export const UpdateStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('idle'), lastCheckedAt: z.number().nullable() }),
  z.object({ state: z.literal('checking') }),
  z.object({ state: z.literal('downloading'), version: z.string(), percent: z.number().min(0).max(100) }),
  z.object({ state: z.literal('ready'), version: z.string() }),
  z.object({ state: z.literal('failed'), message: z.string(), failedAt: z.number() }),
]);
export type UpdateStatus = z.infer<typeof UpdateStatusSchema>;

/** Whether the app restarts into a downloaded update now, asks the owner first, or cannot yet. */
export const RestartDecisionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('restart') }),
  z.object({ action: z.literal('ask'), reason: z.string() }),
  z.object({ action: z.literal('wait'), reason: z.string() }),
]);
export type RestartDecision = z.infer<typeof RestartDecisionSchema>;

/** The owner's wallet as the UI shows it; the session itself lives in the engine. */
export const WalletConnectionSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('disconnected') }),
  /** Waiting for the owner to scan `uri` (a wc: pairing URI) and approve in their wallet. */
  z.object({ status: z.literal('pairing'), uri: z.string().startsWith('wc:') }),
  z.object({
    status: z.literal('connected'),
    kind: z.enum(['walletconnect', 'local-dev']),
    label: z.string(),
    address: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
    chainId: z.number().int().positive(),
  }),
]);
export type WalletConnection = z.infer<typeof WalletConnectionSchema>;

export const WalletStateSchema = z.object({
  /** False where no WalletConnect relay or project id is configured; `unavailableReason` says what to set. */
  available: z.boolean(),
  unavailableReason: z.string().nullable(),
  /** The relay WalletConnect uses now (the owner's setting or this network's default); null where it is not offered. */
  relayUrl: z.string().nullable(),
  /** WalletConnect is offered here and its relay URL and project id in Settings decide whether it works. */
  configurable: z.boolean(),
  connection: WalletConnectionSchema,
  /** The chain the wallet must be on (56 mainnet, 97 testnet, the devnet's own). */
  chainId: z.number().int().positive().nullable(),
  /** Only on the devnet: a funded local key a newcomer can use without a phone. */
  devWalletAvailable: z.boolean(),
  /** Why the last connection attempt failed (refused in the wallet, relay unreachable...). */
  lastError: z.object({ name: z.string(), message: z.string() }).nullable(),
});
export type WalletState = z.infer<typeof WalletStateSchema>;

export const noWalletState: WalletState = {
  available: false,
  unavailableReason: 'This miner was started without a wallet connection.',
  relayUrl: null,
  configurable: false,
  connection: { status: 'disconnected' },
  chainId: null,
  devWalletAvailable: false,
  lastError: null,
};

export const AppStateSchema = z.object({
  app: AppInfoSchema,
  hardware: HardwareStateSchema,
  settings: SettingsSchema,
  mining: MiningStateSchema,
  /** Null where the app does not update itself (the headless host: its installer updates it). */
  update: UpdateStatusSchema.nullable(),
  wallet: WalletStateSchema,
  /** Whether staking works here and the write under way; the figures come from getStaking. */
  staking: StakingStatusSchema,
  /** Mining rewards (claimable, per-epoch history) and network figures; unavailable where the network is not known. */
  earnings: EarningsStateSchema,
});
export type AppState = z.infer<typeof AppStateSchema>;

const NoParams = z.object({}).strict();

/** Every request: its parameters and its result, both validated on the way in and out. */
export const methods = {
  getState: { params: NoParams, result: AppStateSchema },
  refreshHardware: { params: NoParams, result: HardwareReportSchema },
  updateSettings: { params: SettingsPatchSchema, result: SettingsSchema },
  startMining: { params: NoParams, result: MiningStateSchema },
  stopMining: { params: NoParams, result: MiningStateSchema },
  /** Measures every backend on this machine; progress arrives through state events. Cancelled, it answers the results that stand. */
  runBenchmark: { params: NoParams, result: z.array(BenchmarkResultSchema) },
  /** Stops a benchmark under way, its workers included; answers the benchmark state it leaves. */
  cancelBenchmark: { params: NoParams, result: BenchmarkStateSchema },
  /** The most recent settled tasks, newest first. */
  getTaskHistory: { params: z.object({ limit: z.number().int().min(1).max(1000) }).strict(), result: z.array(TaskHistoryEntrySchema) },
  snooze: { params: z.object({ minutes: z.union([z.literal(30), z.literal(60), z.literal(120)]) }).strict(), result: SettingsSchema },
  /** Restarts into a downloaded update; mid-task it asks first unless `consent` is given. */
  restartToUpdate: { params: z.object({ consent: z.boolean() }).strict(), result: RestartDecisionSchema },
  /** Proposes a WalletConnect session; the UI shows `uri` as a QR code, approval arrives as state. */
  connectWallet: { params: NoParams, result: z.object({ uri: z.string().startsWith('wc:') }) },
  disconnectWallet: { params: NoParams, result: WalletStateSchema },
  /** Devnet only: pays out to the devnet's funded local key instead of a phone wallet. */
  useDevWallet: { params: NoParams, result: WalletStateSchema },
  /** Options, pool figures and the connected address's balance, allowance and positions, read from the chain. */
  getStaking: { params: NoParams, result: StakingOverviewSchema },
  /** Approves (when the allowance is short) and stakes `amount` PLEXAI through the wallet; resolves once confirmed. */
  stake: { params: StakeParamsSchema, result: StakeResultSchema },
  claimStakingReward: { params: PositionParamsSchema, result: ClaimResultSchema },
  /** What claiming every position's staking reward in one transaction would pay now and cost in gas. */
  estimateStakingClaim: { params: NoParams, result: ClaimEstimateSchema },
  /** Claims every position's staking reward in one transaction (one signature); progress arrives as staking activity. */
  claimAllStakingRewards: { params: NoParams, result: ClaimAllResultSchema },
  /** Closes a position; before its lock ends 10 % of the principal stays in the reward pool. */
  unstake: { params: PositionParamsSchema, result: UnstakeResultSchema },
  /** Reads rewards and network figures again now (they also refresh on an interval and after each epoch). */
  refreshEarnings: { params: NoParams, result: EarningsStateSchema },
  /** What claiming every claimable mining reward would pay and cost in gas, before the owner confirms. */
  estimateMiningClaim: { params: NoParams, result: ClaimEstimateSchema },
  /** Claims every claimable mining reward through the wallet; resolves once confirmed, progress arrives as state. */
  claimMiningRewards: { params: NoParams, result: ClaimReceiptSchema },
  /** The connected wallet's stakes, unstakes, claims and PLEXAI transfers, newest first, read from the chain's event logs. */
  getTransactions: { params: TransactionsParamsSchema, result: TransactionFeedSchema },
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
