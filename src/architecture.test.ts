import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

/**
 * DESIGN.md's layering, checked on every import rather than in review. Each area lists the areas
 * of ours it may import; its own files are always allowed.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const mayImport: Record<string, string[]> = {
  'src/common': [],
  'src/chain': ['src/common'],
  'src/engine': ['src/common', 'src/chain'],
  'src/coordinator': ['src/common', 'src/chain'],
  'src/host': ['src/engine', 'src/common'],
  'src/devnet': ['src'],
  'src/cli': ['src'],
  main: ['src'],
  renderer: ['src/common'],
};
/** Build configuration runs in Node at build time, not in the renderer. */
const buildFiles = new Set(['renderer/vite.config.ts', 'main/build.ts']);
const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm)].map(
    (m) => (m[1] ?? m[2] ?? m[3])!,
  );
}

function areaOf(path: string): string | undefined {
  const rel = relative(root, path).split('\\').join('/');
  return Object.keys(mayImport)
    .filter((area) => rel === area || rel.startsWith(`${area}/`))
    .sort((a, b) => b.length - a.length)[0];
}

const files = Object.keys(mayImport)
  .flatMap((area) => {
    try {
      return sourceFiles(join(root, area));
    } catch {
      return [];
    }
  })
  // Tests and their fixtures may reach across areas (an engine test starts the devnet's relay).
  .filter((file, index, all) => all.indexOf(file) === index && !file.endsWith('.test.ts') && !file.endsWith('.fixture.ts'));

describe('layering', () => {
  const violations = (check: (file: string, area: string, specifier: string) => string | null) =>
    files.flatMap((file) => {
      const area = areaOf(file);
      if (!area) return [];
      return imports(file)
        .map((specifier) => check(file, area, specifier))
        .filter((v): v is string => v !== null);
    });

  test("only main/ imports 'electron'", () => {
    expect(violations((file, area, s) => (s === 'electron' && area !== 'main' ? `${relative(root, file)} imports electron` : null))).toEqual([]);
  });

  test('the renderer and src/common import no Node module', () => {
    expect(
      violations((file, area, s) => {
        const rel = relative(root, file);
        if (buildFiles.has(rel) || (area !== 'renderer' && area !== 'src/common')) return null;
        return nodeBuiltins.has(s) ? `${rel} imports ${s}` : null;
      }),
    ).toEqual([]);
  });

  test('each area imports only the areas DESIGN.md allows', () => {
    expect(
      violations((file, area, s) => {
        if (!s.startsWith('.')) return null;
        const target = resolve(dirname(file), s);
        const rel = relative(root, target).split('\\').join('/');
        if (rel === 'package.json') return null;
        const allowed = [area, ...mayImport[area]!];
        return allowed.some((a) => rel === a || rel.startsWith(`${a}/`)) ? null : `${relative(root, file)} imports ${rel}`;
      }),
    ).toEqual([]);
  });

  test('the check sees the files it guards', () => {
    expect(files.some((f) => f.endsWith('src/common/api.ts'))).toBe(true);
    expect(files.some((f) => f.endsWith('main/preload.ts'))).toBe(true);
    expect(imports(join(root, 'main/preload.ts'))).toContain('electron');
  });
});
