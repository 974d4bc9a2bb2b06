import { createServer, type Server } from 'node:http';
import { NodeHttpExecutor } from 'builder-util/out/nodeHttpExecutor';
import { GenericProvider } from 'electron-updater/out/providers/GenericProvider';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { feedChannel, shouldTake, type UpdateChannel } from './policy';

/**
 * electron-updater's own generic provider reading a feed from a local HTTP server (the format a
 * self-hosted mirror would serve), then our policy on top. The app's own feed, GitHub releases,
 * is read in updater-github.test.ts.
 */
const feeds: Record<string, string> = {
  '/latest-linux.yml': `version: 1.4.0
files:
  - url: PlexAi-Miner-1.4.0.AppImage
    sha512: qZ0Pwa2c5g8zU3JcJmYl0hQ0aK0pJ4nQ0yq6ZqfM3sXW3h8m0mX9v2cXr8bKp0GxJ0Sx9pVxj1o6n3tQ8f2lYw==
    size: 104857600
path: PlexAi-Miner-1.4.0.AppImage
sha512: qZ0Pwa2c5g8zU3JcJmYl0hQ0aK0pJ4nQ0yq6ZqfM3sXW3h8m0mX9v2cXr8bKp0GxJ0Sx9pVxj1o6n3tQ8f2lYw==
releaseDate: '2026-11-20T10:00:00.000Z'
`,
  '/beta-linux.yml': `version: 1.5.0-beta.2
files:
  - url: PlexAi-Miner-1.5.0-beta.2.AppImage
    sha512: bm90LWEtcmVhbC1oYXNoLWJ1dC1hLXZhbGlkLWJhc2U2NC1zdHJpbmctZm9yLXRoZS10ZXN0LW9ubHk=
    size: 104857600
path: PlexAi-Miner-1.5.0-beta.2.AppImage
releaseDate: '2026-11-24T10:00:00.000Z'
`,
};

let server: Server;
let baseUrl: string;
const requested: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requested.push(path);
    const body = feeds[path];
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/yaml' }).end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function provider(channel: UpdateChannel) {
  return new GenericProvider(
    { provider: 'generic', url: baseUrl },
    { channel: feedChannel(channel), isAddNoCacheQuery: false } as never,
    { isUseMultipleRangeRequest: false, platform: 'linux', executor: new NodeHttpExecutor() as never },
  );
}

describe('update feed (generic provider, local server)', () => {
  test('stable reads latest-linux.yml and offers a newer stable build', async () => {
    const feed = provider('stable');
    const info = await feed.getLatestVersion();
    expect(info.version).toBe('1.4.0');
    expect(requested.at(-1)).toBe('/latest-linux.yml');
    expect(feed.resolveFiles(info)[0]!.url.href).toBe(`${baseUrl}PlexAi-Miner-1.4.0.AppImage`);
    expect(shouldTake('1.3.2', info.version, 'stable')).toBe(true);
    expect(shouldTake('1.4.0', info.version, 'stable')).toBe(false);
  });

  test('beta reads beta-linux.yml and takes the prerelease', async () => {
    const info = await provider('beta').getLatestVersion();
    expect(requested.at(-1)).toBe('/beta-linux.yml');
    expect(info.version).toBe('1.5.0-beta.2');
    expect(shouldTake('1.4.0', info.version, 'beta')).toBe(true);
    expect(shouldTake('1.4.0', info.version, 'stable')).toBe(false);
  });

  test('a feed without the channel file is a clear error, not an update', async () => {
    delete feeds['/latest-linux.yml'];
    await expect(provider('stable').getLatestVersion()).rejects.toThrow(/Cannot find channel "latest-linux.yml"/);
  });
});
