import { parseArgs } from 'node:util';
import packageJson from '../../package.json' with { type: 'json' };
import { defaultDataDir } from '../engine/store/data-dir';
import { findElectron, runElectron } from './electron';
import { runHeadless } from './headless';

const usage = `Usage: plexai <command> [options]

Commands:
  start       Open the PlexAi Miner desktop app; where Electron cannot run, start headless instead
  headless    Run the miner with its UI served on 127.0.0.1, and print the URL (token included)

Options:
  --headless                 (start) skip the desktop app and run headless
  --port N                   port for the headless UI (default: a free one)
  --data-dir DIR             where settings and history live (default: ${defaultDataDir()})
  --simulate-hardware FILE   take the GPUs from a JSON file instead of this machine (demos, tests)
  -h, --help                 show this help`;

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a whole number from 0 to 65535, not "${text}"`);
  return port;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      headless: { type: 'boolean', default: false },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'simulate-hardware': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command = 'start', ...extra] = positionals;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (extra.length || (command !== 'start' && command !== 'headless')) {
    console.error(`Unknown command "${[command, ...extra].join(' ')}".\n\n${usage}`);
    return 2;
  }
  const headless = {
    port: parsePort(values.port),
    dataDir: values['data-dir'] ?? defaultDataDir(),
    appVersion: packageJson.version,
    ...(values['simulate-hardware'] ? { simulatedHardware: values['simulate-hardware'] } : {}),
  };
  if (command === 'start' && !values.headless) {
    const electron = findElectron();
    if ('binary' in electron) return runElectron(electron.binary);
    console.log(`The desktop app cannot open here because ${electron.unavailable}; starting headless instead.`);
  }
  await runHeadless(headless, (line) => console.log(line));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`plexai: ${error.message}`);
    process.exit(1);
  },
);
