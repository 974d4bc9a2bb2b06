import { readFileSync } from 'node:fs';
import { JsonRpcProvider, Wallet } from 'ethers';
import { isLoopbackHost } from '../common/loopback';
import { NODE_SOCKET_PATH } from '../common/protocol';
import { readCatalogFile } from './catalog-file';
import { defaultConfig, type CoordinatorConfig } from './config';
import { Coordinator } from './coordinator';
import { epochAt } from './epochs';
import { miningRewardsPublisher } from './publisher';
import { createServer } from './server';
import { openDatabase, type SqlDatabase } from './sql';
import { Store } from './store';

export interface RunCoordinatorOptions {
  host: string;
  port: number;
  /** PGlite data directory; ignored when databaseUrl is set. */
  dataDir: string;
  databaseUrl?: string;
  /** JSON file: { models: ModelSpec[], canaries?: Canary[] } (CatalogSchema). */
  catalogFile?: string;
  apiKeys: string[];
  epochMs?: number;
  /** Unix ms where epoch 0 begins; fixed in the store by the first start (then, without this: that start's time). */
  genesis?: number;
  /** PEM certificate (chain) and private key: serve HTTPS and WSS. Required off loopback. */
  tls?: { certFile: string; keyFile: string };
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
  if (!options.tls && !isLoopbackHost(options.host)) {
    throw new Error(
      `refusing to listen on ${options.host} without TLS: nodes' results and API keys would cross the network in clear. ` +
        'Give --tls-cert and --tls-key, or listen on 127.0.0.1 behind a proxy that terminates TLS.',
    );
  }
  const tls = options.tls && { cert: readPem(options.tls.certFile, 'certificate'), key: readPem(options.tls.keyFile, 'key') };
  const catalog = options.catalogFile ? readCatalogFile(options.catalogFile) : { models: [], canaries: [] };
  const db = await openDatabase({ dataDir: options.dataDir, ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}) });
  try {
    return await serve(options, tls, catalog, db, log, patch);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the TLS ${what} ${file}: ${(error as Error).message}`);
  }
}

async function serve(
  options: RunCoordinatorOptions,
  tls: { cert: string; key: string } | undefined,
  catalog: Pick<CoordinatorConfig, 'models' | 'canaries'>,
  db: SqlDatabase,
  log: (line: string) => void,
  patch: Partial<CoordinatorConfig>,
): Promise<RunningCoordinator> {
  const store = new Store(db);
  await store.migrate();
  log(options.databaseUrl ? 'store: PostgreSQL (DATABASE_URL)' : `store: PGlite in ${options.dataDir}`);
  const provider = options.chain ? new JsonRpcProvider(options.chain.rpcUrl) : null;
  const publisher = options.chain && provider ? miningRewardsPublisher(options.chain.miningRewards, new Wallet(options.chain.publisherKey, provider)) : null;
  const config = defaultConfig({
    models: catalog.models,
    canaries: catalog.canaries,
    apiKeys: options.apiKeys,
    ...(options.epochMs ? { epochMs: options.epochMs } : {}),
    ...(options.genesis !== undefined ? { genesis: options.genesis } : {}),
    ...patch,
  });
  const coordinator = new Coordinator(config, store, publisher);
  const app = createServer(coordinator, { apiKeys: options.apiKeys, ...(tls ? { tls } : {}) });
  try {
    await coordinator.start();
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await coordinator.stop();
    await app.close();
    provider?.destroy();
    throw error;
  }
  const { port } = app.server.address() as { port: number };
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `${tls ? 'https' : 'http'}://${host}:${port}`;
  log(`coordinator: ${url} (nodes: ${tls ? 'wss' : 'ws'}://${host}:${port}${NODE_SOCKET_PATH}; ${config.models.length} models, ${config.canaries.length} canaries)`);
  const epochs = `epochs: ${formatSpan(config.epochMs)} each from genesis ${new Date(coordinator.genesisAt).toISOString()}, now epoch ${epochAt(Date.now(), coordinator.genesisAt, config.epochMs)}`;
  log(`${epochs}; ${publisher ? `roots published to MiningRewards ${options.chain!.miningRewards}` : 'closed and kept in the store, no chain configured to publish to'}`);
  return {
    url,
    coordinator,
    async stop() {
      await coordinator.stop();
      await app.close();
      provider?.destroy();
      await db.close();
    },
  };
}

function formatSpan(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
