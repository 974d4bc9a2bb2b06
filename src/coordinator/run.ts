import { readFileSync } from 'node:fs';
import { JsonRpcProvider, Wallet } from 'ethers';
import { defaultConfig, type Canary, type CoordinatorConfig, type ModelSpec } from './config';
import { Coordinator } from './coordinator';
import { miningRewardsPublisher } from './publisher';
import { createServer } from './server';
import { openDatabase } from './sql';
import { Store } from './store';

export interface RunCoordinatorOptions {
  host: string;
  port: number;
  /** PGlite data directory; ignored when databaseUrl is set. */
  dataDir: string;
  databaseUrl?: string;
  /** JSON file: { models: ModelSpec[], canaries?: Canary[] }. */
  catalogFile?: string;
  apiKeys: string[];
  epochMs?: number;
  /** Publishing epoch roots: all three or none. */
  chain?: { rpcUrl: string; miningRewards: string; publisherKey: string };
}

export interface RunningCoordinator {
  url: string;
  coordinator: Coordinator;
  stop(): Promise<void>;
}

/** `plexai coordinator`: the store, the coordinator and its HTTP/WebSocket server, one line per part. */
export async function runCoordinator(options: RunCoordinatorOptions, log: (line: string) => void, patch: Partial<CoordinatorConfig> = {}): Promise<RunningCoordinator> {
  const catalog = options.catalogFile ? (JSON.parse(readFileSync(options.catalogFile, 'utf8')) as { models: ModelSpec[]; canaries?: Canary[] }) : { models: [], canaries: [] };
  const db = await openDatabase({ dataDir: options.dataDir, ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}) });
  const store = new Store(db);
  await store.migrate();
  log(options.databaseUrl ? 'store: PostgreSQL (DATABASE_URL)' : `store: PGlite in ${options.dataDir}`);
  const publisher = options.chain
    ? miningRewardsPublisher(options.chain.miningRewards, new Wallet(options.chain.publisherKey, new JsonRpcProvider(options.chain.rpcUrl)))
    : null;
  const config = defaultConfig({
    models: catalog.models,
    canaries: catalog.canaries ?? [],
    apiKeys: options.apiKeys,
    ...(options.epochMs ? { epochMs: options.epochMs } : {}),
    ...patch,
  });
  const coordinator = new Coordinator(config, store, publisher);
  await coordinator.start();
  const app = createServer(coordinator, { apiKeys: options.apiKeys });
  await app.listen({ host: options.host, port: options.port });
  const { port } = app.server.address() as { port: number };
  const url = `http://${options.host}:${port}`;
  log(`coordinator: ${url} (nodes: ws://${options.host}:${port}/v1/nodes; ${config.models.length} models, ${config.canaries.length} canaries)`);
  log(publisher ? `epochs: roots published to MiningRewards ${options.chain!.miningRewards}` : 'epochs: closed and kept in the store; no chain configured, nothing published');
  return {
    url,
    coordinator,
    async stop() {
      await coordinator.stop();
      await app.close();
      await db.close();
    },
  };
}
