import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readCatalogFile } from './catalog-file';

const dir = mkdtempSync(join(tmpdir(), 'plexai-catalog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const model = {
  ref: { id: 'mlp', sha256: '0x' + '00'.repeat(32), bytes: 10, url: null },
  flops: 1e6,
  vramMB: 0,
  tolerance: { maxAbs: 1e-4, maxRel: 1e-3, argmax: false },
};
const tensor = { dtype: 'float32', shape: [2], data: [1, 2] };

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('--catalog', () => {
  test('a good file gives the models, and canaries default to none', () => {
    expect(readCatalogFile(file('good.json', JSON.stringify({ models: [model] })))).toEqual({ models: [model], canaries: [] });
  });

  test.for([
    ['a field of the wrong kind', { models: [{ ...model, flops: 'lots' }] }, 'models.0.flops: '],
    ['a missing field', { models: [{ ...model, tolerance: { maxAbs: 1, maxRel: 1 } }] }, 'models.0.tolerance.argmax: '],
    ['no models', { models: [] }, 'models: '],
    ['a canary for a model not listed', { models: [model], canaries: [{ model: 'gpt', input: tensor, expected: tensor }] }, 'canaries.0.model: no model "gpt" in models'],
    ['a model listed twice', { models: [model, model] }, 'models.1.ref.id: model "mlp" is listed twice'],
    ['a canary tensor that does not fit its shape', { models: [model], canaries: [{ model: 'mlp', input: { ...tensor, shape: [3] }, expected: tensor }] }, 'canaries.0.input.data: '],
  ] as const)('%s is one line naming the file and the field', ([, content, field]) => {
    const path = file('bad.json', JSON.stringify(content));
    expect(() => readCatalogFile(path)).toThrow(`--catalog ${path}: Invalid catalog: ${field}`);
    expect(() => readCatalogFile(path)).toThrow(/^[^\n]+$/);
  });

  test('a file that is not JSON, or not there, says so', () => {
    const notJson = file('broken.json', '{ "models": [');
    expect(() => readCatalogFile(notJson)).toThrow(`--catalog ${notJson} is not JSON: `);
    expect(() => readCatalogFile(join(dir, 'missing.json'))).toThrow(/cannot be read: ENOENT/);
  });
});
