import { join, resolve } from 'node:path';
import type { Vars } from '@zuul-ts/role-kit';
import type { ContainerCommand, ContainerImage } from '@zuul-ts/container-vars';
import { InputError } from '@zuul-ts/role-kit';
import { imageTags, temporaryTag, zuulLabels } from '@zuul-ts/container-vars';
import { isValidTag, platformProblem, repositoryHost } from '@zuul-ts/registry';
import { requireInside } from './paths';
import { localPaths } from './path-view';
import type { PathView } from './path-view';

/** Everything needed to build one `container_images` item, computed before anything runs. */
export interface ImagePlan {
  /** `container_images[<i>]` — used in every error about this image. */
  varPath: string;
  repository: string;
  /** `<zuul_work_dir>/<context>`: the cwd of zuul-jobs' build, home of `.zuul-siblings`. */
  contextDir: string;
  /** `resolve(contextDir, path)`: the directory sent as the build context. */
  buildRoot: string;
  dockerfile: string;
  /** Final tags (`tags`, default `['latest']`). */
  tags: string[];
  /** `<prefix>_<tag>` for each tag (`change_<N>` or the pipeline): both engines. */
  prefixedTags: string[];
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
  target?: string;
  siblings?: string[];
  /** `arch` platforms, when this image is multi-arch. */
  platforms?: string[];
}

/**
 * `KEY=VALUE` items into a map. With `fromEnv` (build args), a bare `KEY` takes its value from
 * the environment and is dropped when unset, as `--build-arg KEY` does.
 */
function splitPairs(
  items: string[] | undefined,
  varPath: string,
  fromEnv?: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  (items ?? []).forEach((item, i) => {
    const eq = item.indexOf('=');
    if (eq > 0) out[item.slice(0, eq)] = item.slice(eq + 1);
    else if (eq < 0 && item && fromEnv) {
      if (fromEnv[item] !== undefined) out[item] = fromEnv[item];
    } else
      throw new InputError(`${varPath}[${i}]`, `must be KEY=VALUE, got ${JSON.stringify(item)}`);
  });
  return out;
}

/**
 * The container file: `image.container_filename`, else the job's
 * `container_filename` (both relative to the context dir), else the engine default looked up
 * in the build root — podman: `Containerfile` then `Dockerfile`; docker: `Dockerfile`.
 */
function findDockerfile(
  image: ContainerImage,
  vars: Vars,
  engine: ContainerCommand,
  contextDir: string,
  buildRoot: string,
  varPath: string,
  paths: PathView,
): { path: string; varPath: string } {
  const explicit =
    image.container_filename || (vars.container_filename as string | undefined) || '';
  if (explicit) {
    const from = image.container_filename ? `${varPath}.container_filename` : 'container_filename';
    return { path: resolve(contextDir, explicit), varPath: from };
  }
  const names = engine === 'podman' ? ['Containerfile', 'Dockerfile'] : ['Dockerfile'];
  const found = names.map((n) => join(buildRoot, n)).find((p) => paths.exists(p));
  return { path: found ?? join(buildRoot, names[names.length - 1]), varPath };
}

export interface PlanInput {
  vars: Vars;
  engine: ContainerCommand;
  workDir: string;
  sourceRoot: string;
  /** Environment for `--build-arg KEY` without a value (process env + container_build_extra_env). */
  env: Record<string, string>;
  /** Extra build args from container_build_extra_env (proxies). */
  extraBuildArgs: Record<string, string>;
  /** Where the paths are looked up: the node's file system (default: the local one). */
  paths?: PathView;
}

/** Validates one image and computes its plan; throws InputError naming the variable path. */
export function planImage(image: ContainerImage, index: number, input: PlanInput): ImagePlan {
  const varPath = `container_images[${index}]`;
  const repository = image.repository;
  // zuul-jobs (docker path) refuses a repository without `/`; zuul-ts requires a
  // registry host on both engines so nothing is pushed to an implied Docker Hub by accident.
  if (!repositoryHost(repository)) {
    throw new InputError(
      `${varPath}.repository`,
      `${repository} must be a full container image url including registry location`,
    );
  }
  if (!image.context) throw new InputError(`${varPath}.context`, 'is required');
  const paths = input.paths ?? localPaths;
  const contextDir = requireInside(
    input.sourceRoot,
    resolve(input.workDir, image.context),
    `${varPath}.context`,
    paths,
  );
  const buildRoot = requireInside(
    input.sourceRoot,
    resolve(contextDir, image.path ?? '.'),
    `${varPath}.path`,
    paths,
  );
  if (!paths.isDirectory(buildRoot)) {
    throw new InputError(
      image.path ? `${varPath}.path` : `${varPath}.context`,
      `${buildRoot} is not a directory`,
    );
  }
  const file = findDockerfile(
    image,
    input.vars,
    input.engine,
    contextDir,
    buildRoot,
    varPath,
    paths,
  );
  requireInside(input.sourceRoot, file.path, file.varPath, paths);
  if (!paths.exists(file.path))
    throw new InputError(file.varPath, `container file not found: ${file.path}`);

  const tags = imageTags(image);
  // zuul-jobs passed tags straight to `docker build -t`, which failed mid-job; a bad tag (or
  // platform) is an input error naming its path, before any build.
  tags.forEach((t, j) => {
    if (!isValidTag(t))
      throw new InputError(`${varPath}.tags[${j}]`, `${JSON.stringify(t)} is not a valid tag`);
  });
  (image.arch ?? []).forEach((p, j) => {
    const problem = platformProblem(p);
    if (problem) throw new InputError(`${varPath}.arch[${j}]`, problem);
  });
  const buildArgs = {
    ...input.extraBuildArgs,
    ...splitPairs(image.build_args, `${varPath}.build_args`, input.env),
  };
  if (image.siblings && image.siblings.length > 0)
    buildArgs.ZUUL_SIBLINGS = image.siblings.join(' ');
  (image.siblings ?? []).forEach((s, i) => {
    if (!s || s.startsWith('/') || s.split('/').includes('..')) {
      throw new InputError(
        `${varPath}.siblings[${i}]`,
        `must be a canonical project name, got ${JSON.stringify(s)}`,
      );
    }
  });
  return {
    varPath,
    repository,
    contextDir,
    buildRoot,
    dockerfile: file.path,
    tags,
    prefixedTags: tags.map((t) => temporaryTag(input.vars, t)),
    buildArgs,
    labels: {
      ...zuulLabels(input.vars),
      ...splitPairs(image.labels, `${varPath}.labels`),
    },
    target: image.target,
    siblings: image.siblings,
    platforms: image.arch && image.arch.length > 0 ? image.arch : undefined,
  };
}
