import { createHash } from 'node:crypto';
import type { ModelBytes } from './model';

/**
 * The model's identity, as model.ts defines it. Apart from the model format so that what a
 * browser page runs (the desktop app's WebGPU window) needs no Node crypto.
 */
export function modelDigest(model: ModelBytes): string {
  const length = Buffer.alloc(8);
  length.writeBigUInt64BE(BigInt(model.json.byteLength));
  return createHash('sha256').update(length).update(model.json).update(model.weights).digest('hex');
}
