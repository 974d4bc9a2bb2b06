import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { startDoublingNode } from '../engine/network/doubling-node.fixture';
import { runCoordinator } from './run';

const dataDir = mkdtempSync(join(tmpdir(), 'plexai-run-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function start(genesis?: number) {
  const lines: string[] = [];
  const running = await runCoordinator({ host: '127.0.0.1', port: 0, dataDir, apiKeys: [], ...(genesis === undefined ? {} : { genesis }) }, (line) => lines.push(line));
  await running.stop();
  return lines.find((l) => l.startsWith('epochs:'));
}

describe('plexai coordinator --genesis', () => {
  test('the first start fixes genesis; later starts keep it, and one asking for another stops with the reason', async () => {
    const genesis = Date.parse('2026-01-01T00:00:00Z');
    expect(await start(genesis)).toMatch(/^epochs: 6 h each from genesis 2026-01-01T00:00:00\.000Z, now epoch \d+;/);
    expect(await start()).toContain('from genesis 2026-01-01T00:00:00.000Z');
    await expect(start(genesis + 6 * 3_600_000)).rejects.toThrow(/network began at 2026-01-01T00:00:00\.000Z .*would renumber its epochs/);
    // The failed start let go of the store: the next one opens it.
    expect(await start(genesis)).toContain('from genesis 2026-01-01T00:00:00.000Z');
  }, 60_000);
});

/** A self-signed certificate for 127.0.0.1, made for this run with the openssl CLI. */
function selfSignedCertificate(dir: string) {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', keyFile, '-out', certFile,
  ], { stdio: 'ignore' });
  return { certFile, keyFile, ca: readFileSync(certFile, 'utf8') };
}

function httpsJson(url: string, ca: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

describe('plexai coordinator over TLS', () => {
  test('with a certificate it serves HTTPS, and a node trusting that CA joins over wss; one that does not trust it is kept out with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plexai-tls-'));
    const { certFile, keyFile, ca } = selfSignedCertificate(dir);
    const lines: string[] = [];
    const running = await runCoordinator({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'store'), apiKeys: [], tls: { certFile, keyFile } }, (line) => lines.push(line));
    const nodes: { client: { dispose(): void } }[] = [];
    try {
      expect(running.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(lines[1]).toBe(`coordinator: ${running.url} (nodes: ${running.url.replace('https', 'wss')}/v1/nodes; 0 models, 0 canaries)`);
      expect(await httpsJson(`${running.url}/healthz`, ca)).toMatchObject({ ok: true });
      await expect(fetch(`${running.url.replace('https', 'http')}/healthz`)).rejects.toThrow();

      const trusting = await startDoublingNode(running.url.replace('https', 'wss'), join(dir, 'trusting'), { ca });
      nodes.push(trusting);
      await vi.waitFor(() => expect(trusting.client.current().status).toBe('connected'), { timeout: 20_000 });
      expect(running.coordinator.stats().liveNodes).toBe(1);

      const wary = await startDoublingNode(running.url.replace('https', 'wss'), join(dir, 'wary'));
      nodes.push(wary);
      await vi.waitFor(() => expect(wary.client.current()).toMatchObject({ status: 'waiting', lastError: expect.stringMatching(/self[- ]signed certificate/) }), { timeout: 20_000 });
      expect(running.coordinator.stats().liveNodes).toBe(1);
    } finally {
      for (const node of nodes) node.client.dispose();
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test.for(['0.0.0.0', '10.0.0.7', '::'])('listening on %s without TLS is refused with the reason', async (host) => {
    await expect(runCoordinator({ host, port: 0, dataDir, apiKeys: [] }, () => undefined)).rejects.toThrow(
      `refusing to listen on ${host} without TLS: nodes' results and API keys would cross the network in clear. Give --tls-cert and --tls-key`,
    );
  });
});
