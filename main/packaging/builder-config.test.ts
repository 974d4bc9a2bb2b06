import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const notarizeHook = require(join(root, 'main/packaging/notarize.cjs'));

async function loadConfig() {
  const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
  return config;
}

/** PNG width and height from its IHDR chunk. */
function pngSize(path: string): [number, number] {
  const bytes = readFileSync(path);
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  test("passes electron-builder's own schema validation", async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  test('builds per-user NSIS, signed-and-notarizable dmg + zip, AppImage and deb', async () => {
    const config = await loadConfig();
    const targets = (platform: 'win' | 'mac' | 'linux') =>
      ((config[platform] as { target: { target: string }[] }).target ?? []).map((t) => t.target);
    expect(targets('win')).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ perMachine: false, allowElevation: false });
    expect(targets('mac')).toEqual(['dmg', 'zip']);
    expect(config.mac).toMatchObject({ hardenedRuntime: true });
    expect(existsSync(join(root, config.mac!.entitlements as string))).toBe(true);
    expect(targets('linux')).toEqual(['AppImage', 'deb']);
    expect(config.linux!.maintainer).toMatch(/<.+@.+>/);
  });

  test('publishes to GitHub releases, the feed the app updates from', async () => {
    const config = await loadConfig();
    expect(config.publish).toEqual([expect.objectContaining({ provider: 'github', releaseType: 'release' })]);
    expect(config.generateUpdatesFilesForAllChannels).toBe(true);
  });

  test('never rebuilds the optional native TF.js modules and unpacks any that exist', async () => {
    const config = await loadConfig();
    expect(config.npmRebuild).toBe(false);
    expect(config.asarUnpack).toContain('**/*.node');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.optionalDependencies)).toEqual(expect.arrayContaining(['@tensorflow/tfjs-node-gpu']));
    expect(pkg.dependencies['@tensorflow/tfjs-node-gpu']).toBeUndefined();
  });

  test('the icons it names exist at the sizes the platforms need', async () => {
    const config = await loadConfig();
    for (const platform of ['win', 'mac', 'linux'] as const) {
      const icon = join(root, (config[platform] as { icon: string }).icon);
      expect(pngSize(icon)).toEqual([1024, 1024]);
    }
    for (const state of ['mining', 'waiting', 'paused']) {
      expect(pngSize(join(root, `resources/icons/tray-${state}.png`))).toEqual([16, 16]);
      expect(pngSize(join(root, `resources/icons/tray-${state}@2x.png`))).toEqual([32, 32]);
    }
  });
});

describe('notarization hook', () => {
  const mac = { electronPlatformName: 'darwin', appOutDir: '/out', packager: { appInfo: { productFilename: 'PlexAi Miner' } } };

  test('notarizes with the credentials from the environment', async () => {
    const calls: unknown[] = [];
    const env = { APPLE_ID: 'dev@plexai.network', APPLE_APP_SPECIFIC_PASSWORD: 'abcd-efgh', APPLE_TEAM_ID: 'TEAM123' };
    const result = await notarizeHook(mac, env, async (options: unknown) => void calls.push(options));
    expect(calls).toEqual([{ appPath: '/out/PlexAi Miner.app', appleId: 'dev@plexai.network', appleIdPassword: 'abcd-efgh', teamId: 'TEAM123' }]);
    expect(result).toBe('notarized /out/PlexAi Miner.app');
  });

  test('without credentials it skips and names what is missing', async () => {
    const result = await notarizeHook(mac, { APPLE_ID: 'x' }, async () => {
      throw new Error('must not be called');
    });
    expect(result).toBe('skipped notarization: APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID not set');
  });

  test('does nothing for Windows and Linux builds', async () => {
    expect(await notarizeHook({ ...mac, electronPlatformName: 'linux' }, {}, async () => undefined)).toBe('skipped: not a macOS build');
  });
});

describe('release workflow', () => {
  const workflow = readFileSync(join(root, '.github/workflows/release.yml'), 'utf8');
  const yaml = require('js-yaml') as typeof import('js-yaml');
  const parsed = yaml.load(workflow) as {
    on: { push: { tags: string[] } };
    jobs: { release: { strategy: { matrix: { os: string[] } }; steps: { run?: string; env?: Record<string, string> }[] } };
  };

  test('builds on Windows, macOS and Ubuntu on a version tag and publishes', () => {
    expect(parsed.on.push.tags).toEqual(['v*.*.*']);
    expect(parsed.jobs.release.strategy.matrix.os).toEqual(['windows-latest', 'macos-latest', 'ubuntu-latest']);
    const publish = parsed.jobs.release.steps.find((s) => s.run?.includes('electron-builder --publish always'));
    expect(publish?.env?.GH_TOKEN).toBe('${{ secrets.GITHUB_TOKEN }}');
  });

  test('names its signing secrets and commits none', () => {
    for (const secret of ['CSC_LINK', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID', 'WIN_CSC_LINK']) {
      expect(workflow).toContain(`secrets.${secret}`);
    }
    const values = parsed.jobs.release.steps.flatMap((s) => Object.values(s.env ?? {}));
    expect(values.every((v) => v.startsWith('${{'))).toBe(true);
  });
});
