import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadYaml11 } from '@zuul-ts/templating';
import type { Vars } from '../config/types';
import { isPlainObject } from '../config/yaml-values';
import { checkVarNames } from '../config/validate';
import { StanzaError } from '../config/errors';
import { deepMerge } from './deep-merge';
import { FreezeError } from './errors';
import type { FrozenJob } from './types';

export interface IncludeVarsDirs {
  /** Checkout of the item's project (`zuul-project: true`). */
  itemProjectDir: string;
  /** Checkouts of other projects by name (`project: org/x`). */
  projectDirs?: Record<string, string>;
}

/**
 * Variable layer 3: the job's `include-vars` files in order, each a
 * YAML/JSON mapping, deep-merged. A file comes from `project` if given, the item's project with
 * `zuul-project: true`, else the project whose job stanza listed it. A missing file is an
 * error when `required` (default), skipped otherwise.
 */
export function loadIncludeVars(frozen: FrozenJob, dirs: IncludeVarsDirs): Vars {
  let out: Vars = {};
  for (const iv of frozen.includeVars) {
    const project = iv.zuulProject ? frozen.project : (iv.project ?? iv.definedIn);
    const root = iv.zuulProject
      ? dirs.itemProjectDir
      : iv.project
        ? (dirs.projectDirs?.[iv.project] ??
          (iv.project === frozen.project ? dirs.itemProjectDir : undefined))
        : (dirs.projectDirs?.[iv.definedIn] ?? iv.definedRoot);
    if (root === undefined)
      throw new FreezeError(
        `Job ${frozen.name}: include-vars ${iv.name}: no checkout of project ${project}`,
      );
    const file = join(root, iv.name);
    if (!existsSync(file)) {
      if (iv.required)
        throw new FreezeError(
          `Job ${frozen.name}: required include-vars file ${iv.name} not found in ${project} (${file})`,
        );
      continue;
    }
    let data: unknown;
    try {
      // The executor reads include-vars files with PyYAML's safe_load (zuul/executor/server.py
      // loadIncludeVars): YAML 1.1 scalars, as everywhere else Zuul reads YAML.
      data = loadYaml11(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new FreezeError(
        `${file}: invalid include-vars file: ${(e as Error).message.split('\n')[0]}`,
      );
    }
    if (data === null || data === undefined) continue;
    if (!isPlainObject(data))
      throw new FreezeError(`${file}: include-vars file must hold a mapping`);
    try {
      checkVarNames(data, []);
    } catch (e) {
      if (e instanceof StanzaError) throw new FreezeError(`${file}: ${e.message}`);
      throw e;
    }
    out = deepMerge(out, data);
  }
  return out;
}
