import { readFileSync } from 'node:fs';
import { parseUnknown } from '../common/errors';
import { CatalogSchema, type Catalog } from './config';

/**
 * Reads `--catalog FILE`. Whatever is wrong (unreadable, not JSON, a field missing or of the wrong
 * kind) comes back as one line that names the file and the field, before anything starts.
 */
export function readCatalogFile(file: string): Catalog {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`--catalog ${file} cannot be read: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`--catalog ${file} is not JSON: ${(error as Error).message}`);
  }
  try {
    return parseUnknown(CatalogSchema, raw, 'INVALID_PARAMS', 'catalog');
  } catch (error) {
    throw new Error(`--catalog ${file}: ${(error as Error).message}`);
  }
}
