import { decodeModelArtifact, type ModelBytes } from './model';
import type { ModelSource } from './model-cache';

/**
 * Models named by a lease (its ModelRef: digest, size and URL), fetched over HTTP as one artifact
 * file (encodeModelArtifact). The body is read with a cap, so a server cannot fill the disk or
 * memory by sending more than the lease announced; the cache verifies the digest afterwards.
 */
export class UrlModelSource implements ModelSource {
  private readonly refs = new Map<string, { url: string; bytes: number }>();

  constructor(
    private readonly maxBytes: number,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  remember(sha256: string, url: string, bytes: number): void {
    this.refs.set(sha256, { url, bytes });
  }

  async fetch(sha256: string): Promise<ModelBytes | null> {
    const ref = this.refs.get(sha256);
    if (!ref) return null;
    const limit = Math.min(this.maxBytes, ref.bytes || this.maxBytes);
    const response = await this.fetchImpl(ref.url, { signal: AbortSignal.timeout(120_000) });
    if (!response.ok || !response.body) throw new Error(`GET ${ref.url} answered ${response.status}`);
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > limit) throw new Error(`${ref.url} is ${declared} bytes, over the ${limit} announced`);
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel();
        throw new Error(`${ref.url} sent more than the ${limit} bytes announced`);
      }
      chunks.push(value);
    }
    const file = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      file.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return decodeModelArtifact(file);
  }
}
