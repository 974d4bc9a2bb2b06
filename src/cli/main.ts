import { parseArgs } from 'node:util';
import packageJson from '../../package.json' with { type: 'json' };
import { defaultDataDir } from '../engine/store/data-dir';
import { findElectron, runElectron } from './electron';
import { runHeadless } from './headless';
import { runDevnet } from './devnet';
import { runCoordinator } from '../coordinator/run';
import { stopSignal } from './signals';

const usage = `Usage: plexai <command> [options]

Commands:
  start       Run the local devnet and open the PlexAi Miner desktop app on it; where Electron
              cannot run, the miner runs headless instead (--no-devnet: the app alone)
  devnet      Run the embedded local network on 127.0.0.1 (Hardhat chain with the contracts,
              coordinator, demand generator, WalletConnect relay) and the miner headless on it
  headless    Run the miner with its UI served on 127.0.0.1, and print the URL (token included)
  coordinator Run the task network's coordinator alone (PGlite in --data-dir, or PostgreSQL via
              DATABASE_URL; API keys from PLEXAI_API_KEYS, comma-separated; PLEXAI_RPC_URL,
              PLEXAI_MINING_REWARDS and PLEXAI_PUBLISHER_KEY publish epoch roots; TLS is required
              on any address but loopback)

Options:
  --headless                 (start) skip the desktop app and run headless
  --port N                   port for the headless UI (default: a free one); the coordinator's
                             HTTP and node socket (default 8420)
  --no-devnet                (start) open the app without the local devnet
  --mine                     (start, devnet) start mining at once: CPU mode on, dedicated rig,
                             not pausing for other programs' load
  --epoch-seconds N          (start, devnet) epoch length (default 120), short to see rewards settle
  --data-dir DIR             where settings and history live (default: ${defaultDataDir()})
  --simulate-hardware FILE   take the GPUs from a JSON file instead of this machine (demos, tests)
  --host ADDRESS             (coordinator) address to listen on (default 127.0.0.1)
  --tls-cert FILE            (coordinator) PEM certificate chain: serve HTTPS and WSS
                             (or PLEXAI_TLS_CERT); needs --tls-key
  --tls-key FILE             (coordinator) PEM private key of that certificate (or PLEXAI_TLS_KEY)
  --catalog FILE             (coordinator) JSON: { "models": [...], "canaries": [...] }
  --coordinator URL          (headless) join the task network's coordinator at URL (http(s) or
                             ws(s)); it retries, saying so in the UI, while the URL cannot be reached
  --genesis WHEN             (coordinator) when epoch 0 began: an ISO date (2026-01-01T00:00:00Z) or
                             Unix milliseconds; fixed by the network's first start (default: then)
  -h, --help                 show this help`;

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a whole number from 0 to 65535, not "${text}"`);
  return port;
}

function parseCoordinatorUrl(text: string): string {
  const url = URL.canParse(text) ? new URL(text) : null;
  if (!url || !['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
    throw new Error(`--coordinator must be an http(s) or ws(s) URL such as http://127.0.0.1:8420, not "${text}"`);
  }
  return url.href;
}

/** An ISO date with its time zone, or Unix milliseconds. */
function parseGenesis(text: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) : /T.*(Z|[+-]\d\d:\d\d)$/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isSafeInteger(ms)) throw new Error(`--genesis must be an ISO date with a time zone (2026-01-01T00:00:00Z) or Unix milliseconds, not "${text}"`);
  return ms;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      headless: { type: 'boolean', default: false },
      'no-devnet': { type: 'boolean', default: false },
      mine: { type: 'boolean', default: false },
      'epoch-seconds': { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'simulate-hardware': { type: 'string' },
      host: { type: 'string' },
      catalog: { type: 'string' },
      genesis: { type: 'string' },
      coordinator: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command = 'start', ...extra] = positionals;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (command === 'coordinator' && !extra.length) return coordinatorCommand(values);
  if (extra.length || (command !== 'start' && command !== 'headless' && command !== 'devnet')) {
    console.error(`Unknown command "${[command, ...extra].join(' ')}".\n\n${usage}`);
    return 2;
  }
  const headless = {
    port: parsePort(values.port),
    dataDir: values['data-dir'] ?? defaultDataDir(),
    appVersion: packageJson.version,
    ...(values['simulate-hardware'] ? { simulatedHardware: values['simulate-hardware'] } : {}),
  };
  const log = (line: string) => console.log(line);
  let electron: string | undefined;
  if (command === 'start' && !values.headless) {
    const found = findElectron();
    if ('binary' in found) electron = found.binary;
    else console.log(`The desktop app cannot open here because ${found.unavailable}; starting headless instead.`);
  }
  if (command === 'devnet' || (command === 'start' && !values['no-devnet'])) {
    const epochSeconds = values['epoch-seconds'];
    if (epochSeconds !== undefined && !(Number.isInteger(Number(epochSeconds)) && Number(epochSeconds) >= 2 && Number(epochSeconds) <= 86_400)) {
      throw new Error(`--epoch-seconds must be a whole number from 2 to 86400, not "${epochSeconds}"`);
    }
    const epoch = epochSeconds === undefined ? {} : { epochMs: Number(epochSeconds) * 1000 };
    return runDevnet({ ...headless, mine: values.mine, ...epoch, ...(electron ? { electron } : {}) }, log);
  }
  if (electron) return runElectron(electron);
  await runHeadless({ ...headless, ...(values.coordinator ? { coordinatorUrl: parseCoordinatorUrl(values.coordinator) } : {}) }, log);
  return 0;
}

/** Certificate and key come together or not at all; a flag wins over its environment variable. */
function tlsFiles(cert: string | undefined, key: string | undefined): { certFile: string; keyFile: string } | undefined {
  if (cert && key) return { certFile: cert, keyFile: key };
  if (cert || key) throw new Error('--tls-cert and --tls-key (PLEXAI_TLS_CERT, PLEXAI_TLS_KEY) go together: give both or neither');
  return undefined;
}

async function coordinatorCommand(values: { port?: string; host?: string; 'data-dir'?: string; catalog?: string; genesis?: string; 'tls-cert'?: string; 'tls-key'?: string }): Promise<number> {
  const genesis = values.genesis === undefined ? undefined : parseGenesis(values.genesis);
  const env = process.env;
  const tls = tlsFiles(values['tls-cert'] ?? env.PLEXAI_TLS_CERT, values['tls-key'] ?? env.PLEXAI_TLS_KEY);
  const chain = env.PLEXAI_RPC_URL && env.PLEXAI_MINING_REWARDS && env.PLEXAI_PUBLISHER_KEY
    ? { rpcUrl: env.PLEXAI_RPC_URL, miningRewards: env.PLEXAI_MINING_REWARDS, publisherKey: env.PLEXAI_PUBLISHER_KEY }
    : undefined;
  const stop = stopSignal();
  const running = await runCoordinator(
    {
      host: values.host ?? '127.0.0.1',
      port: parsePort(values.port ?? '8420'),
      dataDir: values['data-dir'] ?? `${defaultDataDir()}/coordinator`,
      ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
      ...(values.catalog ? { catalogFile: values.catalog } : {}),
      ...(genesis !== undefined ? { genesis } : {}),
      ...(tls ? { tls } : {}),
      apiKeys: (env.PLEXAI_API_KEYS ?? '').split(',').filter(Boolean),
      ...(chain ? { chain } : {}),
    },
    (line) => console.log(line),
  );
  await stop.requested;
  await running.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`plexai: ${error.message}`);
    process.exit(1);
  },
);
