import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';

/** Python's `sorted()` on str: code-point order, not locale order (Zuul sorts config paths so). */
export function codepointSort(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every `*.yaml` / `*.yml` under `dir`, recursively, in sorted path order (like `zuul.d/`). */
export function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(entry.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort(codepointSort);
}

export const CONFIG_ROOTS = ['zuul.yaml', 'zuul.d', '.zuul.yaml', '.zuul.d'] as const;

/**
 * The config files of a project checkout. Mirrors zuul/configloader.py: the first of
 * `zuul.yaml`, `zuul.d/`, `.zuul.yaml`, `.zuul.d/` that exists is read; the others are ignored
 * with a warning ("Multiple configuration files").
 */
export function projectConfigPaths(projectDir: string, warn?: (msg: string) => void): string[] {
  const found = CONFIG_ROOTS.map((r) => join(resolve(projectDir), r)).filter((p) => existsSync(p));
  if (found.length > 1) {
    warn?.(
      `Multiple configuration files in ${projectDir}: using ${basename(found[0])}, ignoring ${found
        .slice(1)
        .map((f) => basename(f))
        .join(', ')}`,
    );
  }
  if (found.length === 0) return [];
  return statSync(found[0]).isDirectory() ? yamlFilesUnder(found[0]) : [found[0]];
}

/**
 * The directory playbook paths of a config file resolve against: the parent of an enclosing
 * `zuul.d/` / `.zuul.d/` folder, else the file's own directory (`zuul.yaml` sits at the root).
 */
export function configRootOf(file: string): string {
  const parts = resolve(file).split(sep);
  for (let i = parts.length - 2; i > 0; i--) {
    if (parts[i] === 'zuul.d' || parts[i] === '.zuul.d') return parts.slice(0, i).join(sep) || sep;
  }
  return dirname(resolve(file));
}
