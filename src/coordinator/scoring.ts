/**
 * How well a live node suits a task: a pure multi-factor score in [0, 1], or -1 when the node
 * cannot run it at all. The matcher evaluates it for every candidate on every match, so it does
 * arithmetic only (region affinities come precomputed).
 */
export interface NodeView {
  /** Largest VRAM among the node's enabled devices; 0 for a CPU-only node. */
  vramMB: number;
  gflops: number;
  /** Measured tasks per second on this task's model; 0 when unmeasured. */
  tasksPerSecond: number;
  activeLeases: number;
  maxConcurrent: number;
  /** 0..1, see reputation.ts. */
  reputation: number;
  lastHeartbeatAt: number;
}

export interface TaskNeed {
  vramMB: number;
  flops: number;
}

const scoreWeights = {
  throughput: 0.25,
  load: 0.25,
  reputation: 0.2,
  region: 0.2,
  freshness: 0.1,
} as const;

/** The task rate at which the throughput factor reaches one half: it saturates rather than letting one fast rig win everything. */
const REFERENCE_TASKS_PER_SECOND = 20;

export function scoreNode(node: NodeView, need: TaskNeed, regionAffinity: number, now: number, heartbeatIntervalMs: number): number {
  if (node.vramMB < need.vramMB || node.activeLeases >= node.maxConcurrent) return -1;
  const rate = node.tasksPerSecond > 0 ? node.tasksPerSecond : estimatedTasksPerSecond(node.gflops, need.flops);
  const throughput = rate / (rate + REFERENCE_TASKS_PER_SECOND);
  const load = 1 - node.activeLeases / node.maxConcurrent;
  const age = Math.max(0, now - node.lastHeartbeatAt);
  // Full marks within one interval, none at three (where the session is dropped anyway).
  const freshness = Math.min(1, Math.max(0, (3 * heartbeatIntervalMs - age) / (2 * heartbeatIntervalMs)));
  return (
    scoreWeights.throughput * throughput +
    scoreWeights.load * load +
    scoreWeights.reputation * node.reputation +
    scoreWeights.region * regionAffinity +
    scoreWeights.freshness * freshness
  );
}

function estimatedTasksPerSecond(gflops: number, flops: number): number {
  if (gflops <= 0) return 0;
  return flops > 0 ? (gflops * 1e9) / flops : gflops;
}

/** Approximate region centres (latitude, longitude); a region we do not know sits halfway. */
const regionCentres: Record<string, readonly [number, number]> = {
  'us-east': [39, -77],
  'us-central': [41, -93],
  'us-west': [37, -122],
  'ca-central': [45, -73],
  'sa-east': [-23, -46],
  'eu-west': [53, -8],
  'eu-central': [50, 8],
  'eu-north': [59, 18],
  'me-central': [25, 55],
  'af-south': [-33, 18],
  'ap-south': [19, 72],
  'ap-southeast': [1, 103],
  'ap-east': [22, 114],
  'ap-northeast': [35, 139],
  'oc-east': [-33, 151],
};

const HALF_EARTH_KM = 20_015;

/** 1 for the same region, falling linearly to 0 at the antipode; 0.5 when either is unknown. */
export function regionAffinity(taskRegion: string | null, nodeRegion: string): number {
  if (taskRegion === null || taskRegion === nodeRegion) return 1;
  const a = regionCentres[taskRegion];
  const b = regionCentres[nodeRegion];
  if (!a || !b) return 0.5;
  return 1 - greatCircleKm(a, b) / HALF_EARTH_KM;
}

function greatCircleKm([lat1, lon1]: readonly [number, number], [lat2, lon2]: readonly [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface DeadlinePolicy {
  /** Multiplies the expected run time, for queueing on the node and network delays. */
  slack: number;
  baseMs: number;
  minMs: number;
  maxMs: number;
}

export const defaultDeadlinePolicy: DeadlinePolicy = { slack: 4, baseMs: 2_000, minMs: 3_000, maxMs: 10 * 60_000 };

/** When a lease expires: from the task's size and the node's measured speed, clamped. */
export function leaseDeadline(now: number, flops: number, node: { gflops: number; tasksPerSecond: number }, policy = defaultDeadlinePolicy): number {
  const byFlops = node.gflops > 0 ? (flops / (node.gflops * 1e9)) * 1000 : 0;
  const byRate = node.tasksPerSecond > 0 ? 1000 / node.tasksPerSecond : 0;
  const expectedMs = Math.max(byFlops, byRate);
  const span = Math.min(policy.maxMs, Math.max(policy.minMs, policy.baseMs + policy.slack * expectedMs));
  return now + Math.round(span);
}
