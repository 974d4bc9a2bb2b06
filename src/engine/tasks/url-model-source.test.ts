import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import { readBundledIndex, readBundledModel } from './bundled-models';
import { encodeModelArtifact } from './model';
import { ModelCache } from './model-cache';
import { UrlModelSource } from './url-model-source';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(body: Uint8Array): Promise<string> {
  server = createServer((_, res) => res.end(body));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/model`;
}

describe('UrlModelSource (a real local HTTP server)', () => {
  test('downloads an artifact whose plain sha256 is the model digest, into the verified cache', async () => {
    const [entry] = await readBundledIndex();
    const artifact = encodeModelArtifact(await readBundledModel(entry!.name));
    expect(createHash('sha256').update(artifact).digest('hex')).toBe(entry!.sha256);
    const url = await serve(artifact);
    const source = new UrlModelSource(1 << 24);
    source.remember(entry!.sha256, url, artifact.byteLength);
    const cache = await ModelCache.open(mkdtempSync(join(tmpdir(), 'plexai-url-')), 1 << 24, [source]);
    expect((await cache.get(entry!.sha256)).parsed.format).toBe('layers-model');
  });

  test('a body longer than announced is cut off and refused', async () => {
    const url = await serve(new Uint8Array(5000));
    const source = new UrlModelSource(1 << 24);
    source.remember('f'.repeat(64), url, 1000);
    const cache = await ModelCache.open(mkdtempSync(join(tmpdir(), 'plexai-url-')), 1 << 24, [source]);
    await expect(cache.get('f'.repeat(64))).rejects.toMatchObject({ code: 'model-unavailable', message: expect.stringContaining('1000') });
  });

  test('a served file that is not the model asked for is a hash mismatch', async () => {
    const [first, second] = await readBundledIndex();
    const url = await serve(encodeModelArtifact(await readBundledModel(second!.name)));
    const source = new UrlModelSource(1 << 24);
    source.remember(first!.sha256, url, 0);
    const cache = await ModelCache.open(mkdtempSync(join(tmpdir(), 'plexai-url-')), 1 << 24, [source]);
    await expect(cache.get(first!.sha256)).rejects.toMatchObject({ code: 'model-hash-mismatch' });
  });
});
