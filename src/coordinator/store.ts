import type { Tensor } from '../common/protocol';
import type { Canary } from './config';
import type { NodeAllocation, NodeEpochStats } from './epochs';
import type { SqlDatabase, SqlQueryable } from './sql';
import type { Reputation } from './verification';

/**
 * The durable record. Matching happens in memory; what must survive a crash reaches this store in
 * batches (one transaction per batch, see WriteBehind), and nothing is acknowledged to a node or a
 * submitter before the batch holding it has committed.
 */
export interface TaskRecord {
  id: string;
  model: string;
  input: Tensor;
  region: string | null;
  flops: number;
  status: 'queued' | 'completed' | 'failed';
  attempts: number;
  result: Tensor | null;
  failure: string | null;
  createdAt: number;
  completedAt: number | null;
}

export type ResultVerdict = 'pending' | 'valid' | 'invalid';

export interface ResultRecord {
  leaseId: string;
  taskId: string;
  nodeId: string;
  output: Tensor;
  durationMs: number;
  receivedAt: number;
  epoch: number;
  verdict: ResultVerdict;
  credits: number;
}

/**
 * A task (or canary) out on a node. Kept in the store so that a result coming back after a
 * coordinator restart, within the deadline, still counts.
 */
export interface LeaseRecord {
  id: string;
  taskId: string;
  nodeId: string;
  deadline: number;
  flops: number;
  /** Set for a canary: its task id names no stored task, and the known answer judges the result. */
  canary: Canary | null;
}

export interface NodeRecord {
  id: string;
  payout: string;
  region: string;
  reputation: Reputation;
  firstSeen: number;
  lastSeen: number;
}

/** The network's live figures as one coordinator saw them at one moment. */
export interface NetworkSample {
  at: number;
  activeNodes: number;
  computeGflops: number;
}

export interface WriteBatch {
  tasks: TaskRecord[];
  results: ResultRecord[];
  verdicts: { leaseId: string; verdict: ResultVerdict; credits: number }[];
  taskUpdates: Pick<TaskRecord, 'id' | 'status' | 'attempts' | 'result' | 'failure' | 'completedAt'>[];
  nodes: NodeRecord[];
  uptime: { nodeId: string; epoch: number; ms: number }[];
  leases: LeaseRecord[];
  /** Leases answered, lost or cancelled; written after `leases`, so one granted and settled in the same batch is gone. */
  settledLeases: string[];
}

export function emptyBatch(): WriteBatch {
  return { tasks: [], results: [], verdicts: [], taskUpdates: [], nodes: [], uptime: [], leases: [], settledLeases: [] };
}

export interface ClosedEpoch {
  epoch: number;
  startedAt: number;
  endedAt: number;
  emission: bigint;
  root: string | null;
  cumulativeTotal: bigint;
  allocations: NodeAllocation[];
  accountTotals: Map<string, bigint>;
}

export interface EpochRow {
  epoch: number;
  startedAt: number;
  endedAt: number;
  root: string | null;
  cumulativeTotal: bigint;
  txHash: string | null;
}

const migrations: string[] = [
  `create table tasks (
     id text primary key,
     model text not null,
     input jsonb not null,
     region text,
     flops double precision not null,
     status text not null,
     attempts integer not null default 0,
     result jsonb,
     failure text,
     owner text,
     owner_until double precision,
     created_at double precision not null,
     completed_at double precision
   );
   create index tasks_claimable on tasks (created_at) where status = 'queued';
   create index tasks_completed_at on tasks (completed_at) where completed_at is not null;
   create table results (
     lease_id text primary key,
     task_id text not null,
     node_id text not null,
     output jsonb not null,
     duration_ms double precision not null,
     received_at double precision not null,
     epoch integer not null,
     verdict text not null,
     credits double precision not null default 0
   );
   create index results_task on results (task_id);
   create index results_node_epoch on results (epoch, node_id);
   create table nodes (
     id text primary key,
     payout text not null,
     region text not null,
     reputation double precision not null,
     streak integer not null,
     canary_passes integer not null,
     first_seen double precision not null,
     last_seen double precision not null
   );
   create table node_uptime (
     node_id text not null,
     epoch integer not null,
     uptime_ms double precision not null,
     primary key (epoch, node_id)
   );
   create table epochs (
     epoch integer primary key,
     started_at double precision not null,
     ended_at double precision not null,
     emission numeric(78, 0) not null,
     root text,
     cumulative_total numeric(78, 0) not null,
     tx_hash text
   );
   create table allocations (
     epoch integer not null,
     node_id text not null,
     account text not null,
     amount numeric(78, 0) not null,
     credits double precision not null,
     tasks integer not null,
     rejected integer not null,
     uptime_ms double precision not null,
     explanation text not null,
     primary key (epoch, node_id)
   );
   create index allocations_account on allocations (account, epoch);
   create table account_totals (
     epoch integer not null,
     account text not null,
     cumulative numeric(78, 0) not null,
     primary key (epoch, account)
   );`,
  `create table leases (
     id text primary key,
     task_id text not null,
     node_id text not null,
     deadline double precision not null,
     flops double precision not null,
     canary jsonb,
     owner text not null
   );
   create index leases_task on leases (task_id);
   create index leases_owner_canary on leases (owner) where canary is not null`,
  // A store that already holds work counted its epochs from the Unix epoch, the old fixed genesis:
  // it keeps that, or its epoch numbers (and the roots already on chain) would jump backwards.
  `create table network (
     key text primary key,
     value text not null
   );
   insert into network (key, value)
     select 'genesis', '0' where exists (select 1 from results) or exists (select 1 from node_uptime)`,
  // The network's live figures over time, so they can be compared with a day before.
  `create table network_samples (
     coordinator text not null,
     at double precision not null,
     active_nodes integer not null,
     compute_gflops double precision not null,
     primary key (coordinator, at)
   )`,
];

interface TaskRow {
  id: string;
  model: string;
  input: Tensor;
  region: string | null;
  flops: number;
  status: TaskRecord['status'];
  attempts: number;
  result: Tensor | null;
  failure: string | null;
  created_at: number;
  completed_at: number | null;
}

const taskColumns = 'id, model, input, region, flops, status, attempts, result, failure, created_at, completed_at';

function toTask(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    model: row.model,
    input: row.input,
    region: row.region,
    flops: Number(row.flops),
    status: row.status,
    attempts: Number(row.attempts),
    result: row.result,
    failure: row.failure,
    createdAt: Number(row.created_at),
    completedAt: row.completed_at === null ? null : Number(row.completed_at),
  };
}

export class Store {
  constructor(readonly db: SqlDatabase) {}

  async migrate(): Promise<void> {
    await this.db.query('create table if not exists schema_migrations (version integer primary key, applied_at double precision not null)');
    // One coordinator migrates at a time when several share a PostgreSQL database.
    await this.db.transaction(async (tx) => {
      if (this.db.kind === 'postgres') await tx.query('select pg_advisory_xact_lock(80421)');
      const done = new Set((await tx.query<{ version: number }>('select version from schema_migrations')).map((r) => Number(r.version)));
      for (const [i, sql] of migrations.entries()) {
        const version = i + 1;
        if (done.has(version)) continue;
        for (const statement of sql.split(';').filter((s) => s.trim())) await tx.query(statement);
        await tx.query('insert into schema_migrations (version, applied_at) values ($1, $2)', [version, Date.now()]);
      }
    });
  }

  async write(batch: WriteBatch, owner: string, ownerUntil: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (batch.tasks.length) {
        await tx.query(
          `insert into tasks (id, model, input, region, flops, status, attempts, owner, owner_until, created_at)
           select id, model, input, region, flops, 'queued', 0, $2, $3, created_at
           from jsonb_to_recordset($1::jsonb) as x(id text, model text, input jsonb, region text, flops float8, created_at float8)
           on conflict (id) do nothing`,
          [JSON.stringify(batch.tasks.map((t) => ({ id: t.id, model: t.model, input: t.input, region: t.region, flops: t.flops, created_at: t.createdAt }))), owner, ownerUntil],
        );
      }
      if (batch.results.length) {
        await tx.query(
          `insert into results (lease_id, task_id, node_id, output, duration_ms, received_at, epoch, verdict, credits)
           select lease_id, task_id, node_id, output, duration_ms, received_at, epoch, verdict, credits
           from jsonb_to_recordset($1::jsonb) as x(lease_id text, task_id text, node_id text, output jsonb, duration_ms float8,
                                                   received_at float8, epoch int, verdict text, credits float8)
           on conflict (lease_id) do nothing`,
          [
            JSON.stringify(
              batch.results.map((r) => ({
                lease_id: r.leaseId,
                task_id: r.taskId,
                node_id: r.nodeId,
                output: r.output,
                duration_ms: r.durationMs,
                received_at: r.receivedAt,
                epoch: r.epoch,
                verdict: r.verdict,
                credits: r.credits,
              })),
            ),
          ],
        );
      }
      if (batch.verdicts.length) {
        await tx.query(
          `update results r set verdict = x.verdict, credits = x.credits
           from jsonb_to_recordset($1::jsonb) as x(lease_id text, verdict text, credits float8)
           where r.lease_id = x.lease_id`,
          [JSON.stringify(batch.verdicts.map((v) => ({ lease_id: v.leaseId, verdict: v.verdict, credits: v.credits })))],
        );
      }
      if (batch.taskUpdates.length) {
        await tx.query(
          `update tasks t set status = x.status, attempts = x.attempts, result = x.result, failure = x.failure, completed_at = x.completed_at
           from jsonb_to_recordset($1::jsonb) as x(id text, status text, attempts int, result jsonb, failure text, completed_at float8)
           where t.id = x.id`,
          [
            JSON.stringify(
              batch.taskUpdates.map((u) => ({ id: u.id, status: u.status, attempts: u.attempts, result: u.result, failure: u.failure, completed_at: u.completedAt })),
            ),
          ],
        );
      }
      if (batch.nodes.length) {
        await tx.query(
          `insert into nodes (id, payout, region, reputation, streak, canary_passes, first_seen, last_seen)
           select id, payout, region, reputation, streak, canary_passes, first_seen, last_seen
           from jsonb_to_recordset($1::jsonb) as x(id text, payout text, region text, reputation float8, streak int,
                                                   canary_passes int, first_seen float8, last_seen float8)
           on conflict (id) do update set payout = excluded.payout, region = excluded.region, reputation = excluded.reputation,
             streak = excluded.streak, canary_passes = excluded.canary_passes, last_seen = excluded.last_seen`,
          [
            JSON.stringify(
              batch.nodes.map((n) => ({
                id: n.id,
                payout: n.payout,
                region: n.region,
                reputation: n.reputation.score,
                streak: n.reputation.streak,
                canary_passes: n.reputation.canaryPasses,
                first_seen: n.firstSeen,
                last_seen: n.lastSeen,
              })),
            ),
          ],
        );
      }
      if (batch.uptime.length) {
        await tx.query(
          `insert into node_uptime (node_id, epoch, uptime_ms)
           select node_id, epoch, sum(ms) from jsonb_to_recordset($1::jsonb) as x(node_id text, epoch int, ms float8) group by node_id, epoch
           on conflict (epoch, node_id) do update set uptime_ms = node_uptime.uptime_ms + excluded.uptime_ms`,
          [JSON.stringify(batch.uptime.map((u) => ({ node_id: u.nodeId, epoch: u.epoch, ms: u.ms })))],
        );
      }
      if (batch.leases.length) {
        await tx.query(
          `insert into leases (id, task_id, node_id, deadline, flops, canary, owner)
           select id, task_id, node_id, deadline, flops, canary, $2
           from jsonb_to_recordset($1::jsonb) as x(id text, task_id text, node_id text, deadline float8, flops float8, canary jsonb)
           on conflict (id) do nothing`,
          [JSON.stringify(batch.leases.map((l) => ({ id: l.id, task_id: l.taskId, node_id: l.nodeId, deadline: l.deadline, flops: l.flops, canary: l.canary }))), owner],
        );
      }
      if (batch.settledLeases.length) {
        await tx.query('delete from leases where id = any($1::text[])', [batch.settledLeases]);
      }
    });
  }

  /**
   * Takes up to `limit` queued tasks that no live coordinator holds (never held, held by us, or
   * whose holder stopped renewing), with their results so far. SKIP LOCKED lets several
   * coordinators on one PostgreSQL database claim at once without waiting on each other.
   */
  async claimTasks(owner: string, now: number, ownerUntil: number, limit: number): Promise<{ tasks: TaskRecord[]; results: ResultRecord[]; leases: LeaseRecord[] }> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<TaskRow>(
        `update tasks set owner = $1, owner_until = $2
         where id in (select id from tasks
                      where status = 'queued' and (owner is null or owner = $1 or owner_until < $3)
                      order by created_at limit $4 for update skip locked)
         returning ${taskColumns}`,
        [owner, ownerUntil, now, limit],
      );
      const tasks = rows.map(toTask).sort((a, b) => a.createdAt - b.createdAt);
      if (!tasks.length) return { tasks, results: [], leases: [] };
      const ids = tasks.map((t) => t.id);
      return { tasks, results: await this.resultsOf(tx, ids), leases: await this.leasesWhere(tx, 'task_id = any($1::text[])', [ids]) };
    });
  }

  /** The canaries this coordinator had out when it stopped (tasks' leases come with claimTasks). */
  async canaryLeases(owner: string): Promise<LeaseRecord[]> {
    return this.leasesWhere(this.db, 'canary is not null and owner = $1', [owner]);
  }

  private async leasesWhere(tx: SqlQueryable, where: string, params: unknown[]): Promise<LeaseRecord[]> {
    const rows = await tx.query<{ id: string; task_id: string; node_id: string; deadline: number; flops: number; canary: Canary | null }>(
      `select id, task_id, node_id, deadline, flops, canary from leases where ${where}`,
      params,
    );
    return rows.map((r) => ({ id: r.id, taskId: r.task_id, nodeId: r.node_id, deadline: Number(r.deadline), flops: Number(r.flops), canary: r.canary }));
  }

  /**
   * The network's genesis (Unix ms where epoch 0 begins), fixed by the first start: `wanted` is
   * stored then; later starts get the stored value, and one asking for a different value fails,
   * since moving genesis would renumber every epoch and the roots already published.
   */
  async pinGenesis(wanted: number | null, firstStart: number): Promise<number> {
    await this.db.query(`insert into network (key, value) values ('genesis', $1) on conflict (key) do nothing`, [String(wanted ?? firstStart)]);
    const [row] = await this.db.query<{ value: string }>(`select value from network where key = 'genesis'`);
    const genesis = Number(row!.value);
    if (wanted !== null && wanted !== genesis) {
      throw new Error(
        `this store's network began at ${new Date(genesis).toISOString()} (genesis ${genesis}); --genesis ${new Date(wanted).toISOString()} (${wanted}) would renumber its epochs. Leave --genesis out, or use a new store.`,
      );
    }
    return genesis;
  }

  /** The network's secret for lease tokens (lease-token.ts), made by the first start and shared by every coordinator on this store. */
  async leaseKey(fresh: string): Promise<string> {
    await this.db.query(`insert into network (key, value) values ('lease-key', $1) on conflict (key) do nothing`, [fresh]);
    const [row] = await this.db.query<{ value: string }>(`select value from network where key = 'lease-key'`);
    return row!.value;
  }

  private async resultsOf(tx: SqlQueryable, taskIds: string[]): Promise<ResultRecord[]> {
    const rows = await tx.query<{
      lease_id: string;
      task_id: string;
      node_id: string;
      output: Tensor;
      duration_ms: number;
      received_at: number;
      epoch: number;
      verdict: ResultVerdict;
      credits: number;
    }>('select * from results where task_id = any($1::text[]) order by received_at', [taskIds]);
    return rows.map((r) => ({
      leaseId: r.lease_id,
      taskId: r.task_id,
      nodeId: r.node_id,
      output: r.output,
      durationMs: Number(r.duration_ms),
      receivedAt: Number(r.received_at),
      epoch: Number(r.epoch),
      verdict: r.verdict,
      credits: Number(r.credits),
    }));
  }

  async renewOwnership(owner: string, ownerUntil: number): Promise<void> {
    await this.db.query(`update tasks set owner_until = $2 where owner = $1 and status = 'queued'`, [owner, ownerUntil]);
  }

  async task(id: string): Promise<TaskRecord | null> {
    const [row] = await this.db.query<TaskRow>(`select ${taskColumns} from tasks where id = $1`, [id]);
    return row ? toTask(row) : null;
  }

  async results(taskId: string): Promise<ResultRecord[]> {
    return this.resultsOf(this.db, [taskId]);
  }

  async nodes(): Promise<NodeRecord[]> {
    const rows = await this.db.query<{
      id: string;
      payout: string;
      region: string;
      reputation: number;
      streak: number;
      canary_passes: number;
      first_seen: number;
      last_seen: number;
    }>('select * from nodes');
    return rows.map((r) => ({
      id: r.id,
      payout: r.payout,
      region: r.region,
      reputation: { score: Number(r.reputation), streak: Number(r.streak), canaryPasses: Number(r.canary_passes) },
      firstSeen: Number(r.first_seen),
      lastSeen: Number(r.last_seen),
    }));
  }

  /** Completed tasks in the 24 hours before `now` and in the 24 hours before that. */
  async completedCounts(now: number): Promise<{ last24h: number; previous24h: number }> {
    const day = 86_400_000;
    const [row] = await this.db.query<{ last: string | number; previous: string | number }>(
      `select count(*) filter (where completed_at > $1) as last, count(*) filter (where completed_at <= $1) as previous
       from tasks where status = 'completed' and completed_at > $2 and completed_at <= $3`,
      [now - day, now - 2 * day, now],
    );
    return { last24h: Number(row?.last ?? 0), previous24h: Number(row?.previous ?? 0) };
  }

  /** Which of `leaseIds` hold a stored result of `nodeId`. */
  async storedResultLeases(nodeId: string, leaseIds: string[]): Promise<Set<string>> {
    const rows = await this.db.query<{ lease_id: string }>('select lease_id from results where node_id = $1 and lease_id = any($2::text[])', [nodeId, leaseIds]);
    return new Set(rows.map((r) => r.lease_id));
  }

  /** Keeps one sample of this coordinator's live figures, and drops its samples older than `keepAfter`. */
  async recordNetworkSample(coordinator: string, sample: NetworkSample, keepAfter: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('insert into network_samples (coordinator, at, active_nodes, compute_gflops) values ($1, $2, $3, $4) on conflict do nothing', [
        coordinator,
        sample.at,
        sample.activeNodes,
        sample.computeGflops,
      ]);
      await tx.query('delete from network_samples where coordinator = $1 and at < $2', [coordinator, keepAfter]);
    });
  }

  /** This coordinator's newest sample taken within [from, to], or null. */
  async networkSampleWithin(coordinator: string, from: number, to: number): Promise<NetworkSample | null> {
    const [row] = await this.db.query<{ at: number; active_nodes: number; compute_gflops: number }>(
      'select at, active_nodes, compute_gflops from network_samples where coordinator = $1 and at >= $2 and at <= $3 order by at desc limit 1',
      [coordinator, from, to],
    );
    return row ? { at: Number(row.at), activeNodes: Number(row.active_nodes), computeGflops: Number(row.compute_gflops) } : null;
  }

  /** Each node's work in an epoch: valid results, their credits, rejected results, uptime. */
  async epochStats(epoch: number): Promise<NodeEpochStats[]> {
    const rows = await this.db.query<{ node_id: string; payout: string; credits: number; tasks: string | number; rejected: string | number; uptime_ms: number | null }>(
      `with work as (
         select node_id, sum(credits) as credits, count(*) filter (where verdict = 'valid') as tasks,
                count(*) filter (where verdict = 'invalid') as rejected
         from results where epoch = $1 group by node_id)
       select n.id as node_id, n.payout, coalesce(w.credits, 0) as credits, coalesce(w.tasks, 0) as tasks,
              coalesce(w.rejected, 0) as rejected, u.uptime_ms
       from nodes n left join work w on w.node_id = n.id left join node_uptime u on u.node_id = n.id and u.epoch = $1
       where w.node_id is not null or u.node_id is not null
       order by n.id`,
      [epoch],
    );
    return rows.map((r) => ({
      nodeId: r.node_id,
      account: r.payout,
      credits: Number(r.credits),
      tasks: Number(r.tasks),
      rejected: Number(r.rejected),
      uptimeMs: Number(r.uptime_ms ?? 0),
    }));
  }

  /** Epochs in [from, before) in which anyone worked or was online. */
  async activeEpochs(from: number, before: number): Promise<number[]> {
    const rows = await this.db.query<{ epoch: number }>(
      `select epoch from results where epoch >= $1 and epoch < $2
       union select epoch from node_uptime where epoch >= $1 and epoch < $2 order by epoch`,
      [from, before],
    );
    return rows.map((r) => Number(r.epoch));
  }

  async saveEpoch(closed: ClosedEpoch): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        'insert into epochs (epoch, started_at, ended_at, emission, root, cumulative_total) values ($1, $2, $3, $4, $5, $6)',
        [closed.epoch, closed.startedAt, closed.endedAt, closed.emission.toString(), closed.root, closed.cumulativeTotal.toString()],
      );
      if (closed.allocations.length) {
        await tx.query(
          `insert into allocations (epoch, node_id, account, amount, credits, tasks, rejected, uptime_ms, explanation)
           select $1, node_id, account, amount::numeric, credits, tasks, rejected, uptime_ms, explanation
           from jsonb_to_recordset($2::jsonb) as x(node_id text, account text, amount text, credits float8, tasks int, rejected int,
                                                   uptime_ms float8, explanation text)`,
          [
            closed.epoch,
            JSON.stringify(
              closed.allocations.map((a) => ({
                node_id: a.nodeId,
                account: a.account.toLowerCase(),
                amount: a.amount.toString(),
                credits: a.credits,
                tasks: a.tasks,
                rejected: a.rejected,
                uptime_ms: a.uptimeMs,
                explanation: a.explanation,
              })),
            ),
          ],
        );
      }
      if (closed.accountTotals.size) {
        await tx.query(
          `insert into account_totals (epoch, account, cumulative)
           select $1, account, cumulative::numeric from jsonb_to_recordset($2::jsonb) as x(account text, cumulative text)`,
          [closed.epoch, JSON.stringify([...closed.accountTotals].map(([account, cumulative]) => ({ account, cumulative: cumulative.toString() })))],
        );
      }
    });
  }

  async markPublished(epoch: number, txHash: string): Promise<void> {
    await this.db.query('update epochs set tx_hash = $2 where epoch = $1', [epoch, txHash]);
  }

  async epochs(): Promise<EpochRow[]> {
    const rows = await this.db.query<{ epoch: number; started_at: number; ended_at: number; root: string | null; cumulative_total: string; tx_hash: string | null }>(
      'select epoch, started_at, ended_at, root, cumulative_total::text as cumulative_total, tx_hash from epochs order by epoch',
    );
    return rows.map((r) => ({
      epoch: Number(r.epoch),
      startedAt: Number(r.started_at),
      endedAt: Number(r.ended_at),
      root: r.root,
      cumulativeTotal: BigInt(r.cumulative_total),
      txHash: r.tx_hash,
    }));
  }

  async accountTotals(epoch: number): Promise<Map<string, bigint>> {
    const rows = await this.db.query<{ account: string; cumulative: string }>(
      'select account, cumulative::text as cumulative from account_totals where epoch = $1',
      [epoch],
    );
    return new Map(rows.map((r) => [r.account, BigInt(r.cumulative)]));
  }

  /** Every closed epoch's allocations to a payout account, or to one node (its id, in any letter case). */
  async allocationsOf(who: { account: string } | { node: string }): Promise<(Omit<NodeAllocation, 'uptimePercent'> & { epoch: number; startedAt: number; endedAt: number })[]> {
    const rows = await this.db.query<{
      epoch: number;
      node_id: string;
      account: string;
      amount: string;
      credits: number;
      tasks: number;
      rejected: number;
      uptime_ms: number;
      explanation: string;
      started_at: number;
      ended_at: number;
    }>(
      `select a.epoch, a.node_id, a.account, a.amount::text as amount, a.credits, a.tasks, a.rejected, a.uptime_ms, a.explanation,
              e.started_at, e.ended_at
       from allocations a join epochs e on e.epoch = a.epoch where ${'account' in who ? 'a.account = $1' : 'lower(a.node_id) = $1'} order by a.epoch, a.node_id`,
      ['account' in who ? who.account.toLowerCase() : who.node.toLowerCase()],
    );
    return rows.map((r) => ({
      epoch: Number(r.epoch),
      nodeId: r.node_id,
      account: r.account,
      amount: BigInt(r.amount),
      credits: Number(r.credits),
      tasks: Number(r.tasks),
      rejected: Number(r.rejected),
      uptimeMs: Number(r.uptime_ms),
      explanation: r.explanation,
      startedAt: Number(r.started_at),
      endedAt: Number(r.ended_at),
    }));
  }
}
