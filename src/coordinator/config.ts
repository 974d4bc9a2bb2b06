import { z } from 'zod';
import { IdSchema, ModelRefSchema, TensorSchema } from '../common/protocol';
import { defaultDeadlinePolicy, type DeadlinePolicy } from './scoring';
import { ToleranceSchema, defaultReputationPolicy, type ReputationPolicy } from './verification';

/** A model the network runs: what nodes fetch, how big one task is, and how results are compared. */
export const ModelSpecSchema = z.object({
  ref: ModelRefSchema,
  /** FLOPs of one task (one input batch); credits and lease deadlines derive from it. */
  flops: z.number().positive(),
  vramMB: z.number().int().min(0),
  tolerance: ToleranceSchema,
});
export type ModelSpec = z.infer<typeof ModelSpecSchema>;

/** A task with a known answer, mixed in among real ones to catch nodes that lie. */
export const CanarySchema = z.object({
  model: IdSchema,
  input: TensorSchema,
  expected: TensorSchema,
});
export type Canary = z.infer<typeof CanarySchema>;

/** What `plexai coordinator --catalog FILE` reads: the models the network runs and their canaries. */
export const CatalogSchema = z
  .object({
    models: z.array(ModelSpecSchema).min(1),
    canaries: z.array(CanarySchema).default([]),
  })
  .superRefine((catalog, ctx) => {
    const ids = new Set<string>();
    catalog.models.forEach((m, i) => {
      if (ids.has(m.ref.id)) ctx.addIssue({ code: 'custom', message: `model "${m.ref.id}" is listed twice`, path: ['models', i, 'ref', 'id'] });
      ids.add(m.ref.id);
    });
    catalog.canaries.forEach((c, i) => {
      if (!ids.has(c.model)) ctx.addIssue({ code: 'custom', message: `no model "${c.model}" in models`, path: ['canaries', i, 'model'] });
    });
  });
export type Catalog = z.infer<typeof CatalogSchema>;

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
  /**
   * Summed weight an agreeing group of two or more needs: more than two new nodes weigh (0.5
   * each), so a pair of fresh colluding nodes that pass canaries cannot decide a task alone; a
   * third agreeing result or nodes with a record of agreement can. A group of new nodes only is
   * provisional even then, until an established node agrees (QuorumPolicy.confirm).
   */
  quorumWeight: number;
  /** The quorum once every live node has answered a task: a network of two (the devnet) must still decide. */
  allAnsweredQuorumWeight: number;
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
  /** How often the live figures (nodes, compute) are sampled, to report their change against a day before. */
  networkSampleMs: number;
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
    quorumWeight: 1.2,
    allAnsweredQuorumWeight: 1,
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
    networkSampleMs: 5 * 60_000,
    genesis: null,
    emissionPerEpoch: 100_000n * 10n ** 18n,
    uptimeShareBps: 1_000,
    ...patch,
  };
}
