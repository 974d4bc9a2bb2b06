import type { ModelRef, Tensor } from '../common/protocol';
import { defaultDeadlinePolicy, type DeadlinePolicy } from './scoring';
import { defaultReputationPolicy, type ReputationPolicy, type Tolerance } from './verification';

/** A model the network runs: what nodes fetch, how big one task is, and how results are compared. */
export interface ModelSpec {
  ref: ModelRef;
  /** FLOPs of one task (one input batch); credits and lease deadlines derive from it. */
  flops: number;
  vramMB: number;
  tolerance: Tolerance;
}

/** A task with a known answer, mixed in among real ones to catch nodes that lie. */
export interface Canary {
  model: string;
  input: Tensor;
  expected: Tensor;
}

export interface CoordinatorConfig {
  /** Names this coordinator's claim on tasks when several share one PostgreSQL database. */
  coordinatorId: string;
  models: ModelSpec[];
  canaries: Canary[];
  /** API keys allowed to submit tasks. */
  apiKeys: string[];
  heartbeatIntervalMs: number;
  /** How long a lease request with no work waits for some before it is answered empty. */
  leaseHoldMs: number;
  /** Lost leases and refusals a task survives before it fails. */
  maxAttempts: number;
  quorumWeight: number;
  soloWeight: number;
  maxResults: number;
  reputation: ReputationPolicy;
  deadlines: DeadlinePolicy;
  /** Chance that a node past probation gets a canary instead of a task. */
  canaryRate: number;
  /** Chance that a trusted node's task is replicated anyway (BOINC's spot check). */
  spotCheckRate: number;
  flushIntervalMs: number;
  /** How long this coordinator's claim on its queued tasks lasts without renewal. */
  ownershipTtlMs: number;
  maxMessagesPerSecond: number;
  epochMs: number;
  /**
   * Unix ms where epoch 0 begins. The store keeps the first start's value (this, or that start's
   * time when null) and refuses a different one later; null takes whatever the store holds.
   */
  genesis: number | null;
  /** PLEXAI wei paid per epoch. */
  emissionPerEpoch: bigint;
  uptimeShareBps: number;
}

const HOUR = 3_600_000;

export function defaultConfig(patch: Partial<CoordinatorConfig> = {}): CoordinatorConfig {
  return {
    coordinatorId: 'coordinator-1',
    models: [],
    canaries: [],
    apiKeys: [],
    heartbeatIntervalMs: 5_000,
    leaseHoldMs: 1_000,
    maxAttempts: 6,
    quorumWeight: 1,
    soloWeight: 0.9,
    maxResults: 5,
    reputation: defaultReputationPolicy,
    deadlines: defaultDeadlinePolicy,
    canaryRate: 0.03,
    spotCheckRate: 0.1,
    flushIntervalMs: 5,
    ownershipTtlMs: 30_000,
    maxMessagesPerSecond: 200,
    epochMs: 6 * HOUR,
    genesis: null,
    emissionPerEpoch: 100_000n * 10n ** 18n,
    uptimeShareBps: 1_000,
    ...patch,
  };
}
