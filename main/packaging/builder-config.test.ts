import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { Platform } from 'app-builder-lib/out/core';
import { createUpdateInfoTasks } from 'app-builder-lib/out/publish/updateInfoBuilder';
import { Arch, DebugLogger } from 'builder-util';
import { describe, expect, test } from 'vitest';
import { TRAY_STATES } from '../tray/palette';
import { trayIconFile } from '../tray/view';

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

  test('uploads into a draft GitHub release, which no app updates from until the workflow publishes it', async () => {
    const config = await loadConfig();
    expect(config.publish).toEqual([expect.objectContaining({ provider: 'github', releaseType: 'draft' })]);
    // Ignored by the github provider, which writes latest*.yml only: setting it would promise beta*.yml files.
    expect(config.generateUpdatesFilesForAllChannels).toBeUndefined();
  });

  test.for([
    ['1.5.0-beta.2', true],
    ['1.5.0-beta.2', false],
    ['1.5.0', true],
  ] as const)('a %s build with generateUpdatesFilesForAllChannels: %s writes latest-linux.yml only, the file beta apps fall back to', async ([version, allChannels]) => {
    // electron-builder's own step that names the feed files of a build, run on our publish config.
    const config = await loadConfig();
    const packager = {
      platformSpecificBuildOptions: {},
      config: { ...config, generateUpdatesFilesForAllChannels: allChannels },
      appInfo: { version },
      platform: Platform.LINUX,
      info: { metadata: { dependencies: { 'electron-updater': '^6.8.10' } } },
      getResource: async () => null,
    };
    const event = { packager, target: { outDir: 'release' }, file: join(root, 'package.json'), arch: Arch.x64, safeArtifactName: null };
    const tasks = await createUpdateInfoTasks(event as never, config.publish as never);
    expect(tasks.map((task) => task.file)).toEqual([join('release', 'latest-linux.yml')]);
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
    for (const state of TRAY_STATES) {
      for (const file of [trayIconFile(state, 'linux'), trayIconFile(state, 'darwin')]) {
        expect(pngSize(join(root, 'resources/icons', file))).toEqual([16, 16]);
        expect(pngSize(join(root, 'resources/icons', file.replace('.png', '@2x.png')))).toEqual([32, 32]);
      }
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
  type Step = { name: string; id?: string; run?: string; env?: Record<string, string> };
  type Job = { needs?: string | string[]; outputs?: Record<string, string>; strategy?: { matrix: { os: string[] } }; steps: Step[] };
  const parsed = yaml.load(workflow) as { on: { push: { tags: string[] } }; jobs: Record<'draft' | 'release' | 'publish', Job> };
  const step = (job: keyof typeof parsed.jobs, name: string) => {
    const found = parsed.jobs[job].steps.find((s) => s.name === name);
    if (!found?.run) throw new Error(`no step '${name}' with a script in job ${job}`);
    return found as Step & { run: string };
  };

  /**
   * Runs a step's script in bash as Actions does, with `gh` replaced by a recorder: GitHub's
   * release API is a boundary no test here can reach. `gh release view` finds no release.
   */
  function runStep(script: string, tag: string, env: Record<string, string> = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'release-step-'));
    const calls = join(dir, 'gh-calls');
    writeFileSync(join(dir, 'gh'), `#!/bin/sh\n[ "$1 $2" = "release view" ] && exit 1\nprintf '%s\\n' "$*" >> "${calls}"\n`, { mode: 0o755 });
    const output = join(dir, 'output');
    writeFileSync(output, '');
    execFileSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      env: { PATH: `${dir}:${process.env.PATH}`, GITHUB_REF_NAME: tag, GITHUB_OUTPUT: output, ...env },
    });
    const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
    const result = { gh: read(calls), outputs: read(output) };
    rmSync(dir, { recursive: true });
    return result;
  }

  test('builds on Windows, macOS and Ubuntu on a version tag, uploading into the draft made first', () => {
    expect(parsed.on.push.tags).toEqual(['v*.*.*']);
    expect(parsed.jobs.release.needs).toBe('draft');
    expect(parsed.jobs.release.strategy!.matrix.os).toEqual(['windows-latest', 'macos-latest', 'ubuntu-latest']);
    const upload = parsed.jobs.release.steps.find((s) => s.run?.includes('electron-builder --publish always'));
    expect(upload?.env?.GH_TOKEN).toBe('${{ secrets.GITHUB_TOKEN }}');
  });

  test.for([
    ['v1.5.0', 'false', 'true'],
    ['v1.5.0-beta.2', 'true', 'false'],
  ] as const)('%s: a draft with prerelease=%s, published as the latest release: %s', ([tag, prerelease, latest]) => {
    const kind = runStep(step('draft', 'Is the tag a prerelease').run, tag);
    expect(kind.outputs).toEqual([`prerelease=${prerelease}`]);
    expect(parsed.jobs.draft.outputs?.prerelease).toBe('${{ steps.kind.outputs.prerelease }}');

    const create = step('draft', 'Create the draft release');
    expect(create.env?.PRERELEASE).toBe('${{ steps.kind.outputs.prerelease }}');
    expect(runStep(create.run, tag, { PRERELEASE: prerelease }).gh).toEqual([
      `release create ${tag} --draft --verify-tag --title ${tag.slice(1)} --generate-notes --prerelease=${prerelease}`,
    ]);

    const publish = step('publish', 'Publish the release');
    expect(publish.env?.PRERELEASE).toBe('${{ needs.draft.outputs.prerelease }}');
    expect(runStep(publish.run, tag, { PRERELEASE: prerelease }).gh).toEqual([
      `release edit ${tag} --draft=false --prerelease=${prerelease} --latest=${latest}`,
    ]);
  });

  test('publishes only after every build succeeded, so no app sees a release missing an OS', () => {
    expect(parsed.jobs.publish.needs).toEqual(['draft', 'release']);
    expect(workflow).not.toMatch(/if: always\(\)|continue-on-error/);
  });

  test('names its signing secrets and commits none', () => {
    for (const secret of ['CSC_LINK', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID', 'WIN_CSC_LINK', 'GITHUB_TOKEN']) {
      expect(workflow).toContain(`secrets.${secret}`);
    }
    const values = Object.values(parsed.jobs).flatMap((job) => job.steps.flatMap((s) => Object.values(s.env ?? {})));
    expect(values.every((v) => v.startsWith('${{'))).toBe(true);
  });
});
