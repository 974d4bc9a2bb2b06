import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type RequestOptions, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DebUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { UpdateChannel, UpdateStatus } from './policy';
import { Updater } from './updater';

/**
 * A real electron-updater (its Debian-package updater) driven by Updater against a local server
 * playing GitHub releases as the release workflow leaves them: each release holds latest*.yml
 * only (the github provider writes no beta*.yml) and /releases/latest names the newest
 * non-prerelease. Two boundaries are replaced because no Electron runs here: the Electron app
 * object (a temporary folder instead of the user data and cache folders), and Electron's net
 * module, for which Node's HTTP client carries the same requests.
 */
const owner = 'plexai';
const repo = 'miner';
const releases = [
  { tag: 'v1.5.0-beta.2', prerelease: true },
  { tag: 'v1.4.1', prerelease: false },
];
const packages = new Map(releases.map(({ tag }) => [tag, Buffer.from(`the ${tag} package`)]));

function feedFile(tag: string): string {
  const file = `plexai-miner_${tag.slice(1)}_amd64.deb`;
  const bytes = packages.get(tag)!;
  const sha512 = createHash('sha512').update(bytes).digest('base64');
  return `version: ${tag.slice(1)}\nfiles:\n  - url: ${file}\n    sha512: ${sha512}\n    size: ${bytes.length}\npath: ${file}\nsha512: ${sha512}\nreleaseDate: '2026-11-24T10:00:00.000Z'\n`;
}

function atom(base: string): string {
  const entries = releases.map(({ tag }) => `<entry><id>tag:github.com,2008:Repository/1/${tag}</id><updated>2026-11-24T10:00:00Z</updated><link rel="alternate" type="text/html" href="${base}${owner}/${repo}/releases/tag/${tag}"/><title>${tag.slice(1)}</title><content type="html">notes</content></entry>`);
  return `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">${entries.join('')}</feed>`;
}

/** electron-updater's own HTTP client (downloads, checksums) sending through Node's http instead of Electron's net. */
class NodeNetHttpExecutor extends ElectronHttpExecutor {
  override createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void) {
    return request(options, callback) as unknown as ReturnType<ElectronHttpExecutor['createRequest']>;
  }
}

let server: Server;
let host: string;
let requested: string[] = [];
const folders: string[] = [];
const updaters: Updater[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requested.push(path);
    const download = path.match(new RegExp(`^/${owner}/${repo}/releases/download/([^/]+)/(.+)$`));
    if (path === `/${owner}/${repo}/releases.atom`) {
      res.writeHead(200, { 'Content-Type': 'application/atom+xml' }).end(atom(`http://${host}/`));
    } else if (path === `/api/v3/repos/${owner}/${repo}/releases/latest`) {
      const latest = releases.find((r) => !r.prerelease)!;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ tag_name: latest.tag, prerelease: false, draft: false }));
    } else if (download && packages.has(download[1]!) && download[2] === 'latest-linux.yml') {
      res.writeHead(200, { 'Content-Type': 'text/yaml' }).end(feedFile(download[1]!));
    } else if (download && download[2]!.endsWith('.deb') && packages.has(download[1]!)) {
      const bytes = packages.get(download[1]!)!;
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.length }).end(bytes);
    } else {
      res.writeHead(404).end('Not Found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

afterEach(() => {
  for (const updater of updaters.splice(0)) updater.dispose();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  requested = [];
});

/** An installed app at `version` whose app-update.yml points at the local GitHub, as electron-builder writes it. */
function installedApp(version: string): DebUpdater {
  const dir = mkdtempSync(join(tmpdir(), 'plexai-updater-'));
  folders.push(dir);
  const appUpdateConfigPath = join(dir, 'app-update.yml');
  writeFileSync(appUpdateConfigPath, `provider: github\nowner: ${owner}\nrepo: ${repo}\nhost: ${host}\nprotocol: http\nupdaterCacheDirName: plexai-miner-updater\n`);
  const app: AppAdapter = {
    version,
    name: 'PlexAi Miner',
    isPackaged: true,
    appUpdateConfigPath,
    userDataPath: dir,
    baseCachePath: dir,
    whenReady: async () => undefined,
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
  const source = new DebUpdater(null, app);
  source.logger = null;
  (source as unknown as { httpExecutor: ElectronHttpExecutor }).httpExecutor = new NodeNetHttpExecutor();
  return source;
}

function settles(updater: Updater): Promise<UpdateStatus> {
  return new Promise((resolve) => {
    const listener = updater.onDidChange((status) => {
      if (status.state === 'ready' || status.state === 'failed' || (status.state === 'idle' && status.lastCheckedAt !== null)) {
        listener.dispose();
        resolve(status);
      }
    });
  });
}

async function check(version: string, channel: UpdateChannel): Promise<UpdateStatus> {
  const updater = new Updater({ currentVersion: version, channel }, installedApp(version));
  updaters.push(updater);
  const settled = settles(updater);
  updater.start();
  return settled;
}

describe('Updater with electron-updater against a local GitHub releases feed', { timeout: 30_000 }, () => {
  test('stable downloads the newest stable release and never reads the prerelease', async () => {
    expect(await check('1.4.0', 'stable')).toEqual({ state: 'ready', version: '1.4.1' });
    expect(requested).toContain(`/${owner}/${repo}/releases/download/v1.4.1/plexai-miner_1.4.1_amd64.deb`);
    expect(requested.filter((path) => path.includes('1.5.0-beta.2'))).toEqual([]);
  });

  test('beta downloads the newer prerelease, through the latest-linux.yml in it', async () => {
    expect(await check('1.4.0', 'beta')).toEqual({ state: 'ready', version: '1.5.0-beta.2' });
    expect(requested).toContain(`/${owner}/${repo}/releases/download/v1.5.0-beta.2/latest-linux.yml`);
  });

  test('stable on the newest stable release finds nothing to take and waits for the next check', async () => {
    expect(await check('1.4.1', 'stable')).toMatchObject({ state: 'idle', lastCheckedAt: expect.any(Number) });
    expect(requested.filter((path) => path.endsWith('.deb'))).toEqual([]);
  });

  test('a beta build moved back to stable is not downgraded to the older stable release', async () => {
    expect(await check('1.5.0-beta.2', 'stable')).toMatchObject({ state: 'idle', lastCheckedAt: expect.any(Number) });
    expect(requested.filter((path) => path.endsWith('.deb'))).toEqual([]);
  });
});
