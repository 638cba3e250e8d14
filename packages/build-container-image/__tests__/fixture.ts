import { ContainerEngine } from '@zuul-ts/engine';
import type { ImageDetails } from '@zuul-ts/engine';
import type { RecordingRoleContext, Vars } from '@zuul-ts/role-kit';
import { createRoleContext } from '@zuul-ts/role-kit';
import { join } from 'node:path';
import { roles } from '@zuul-ts/build-container-image';
import { tempDir, uid, writeTree } from '@zuul-ts/testing';

export { BUSYBOX_PRELUDE, uid, writeTree } from '@zuul-ts/testing';

export const role = roles[0];

/** A fake Zuul node: `<home>/src/example.org/proj` is zuul_work_dir. */
export interface Node {
  home: string;
  srcRoot: string;
  project: string;
}

export function makeNode(files: Record<string, string>): Node {
  const home = tempDir('zuul-ts-build-');
  const srcRoot = join(home, 'src');
  const project = join(srcRoot, 'example.org/proj');
  writeTree(project, files);
  return { home, srcRoot, project };
}

export const CHANGE = {
  change: '12345',
  pipeline: 'gate',
  change_url: 'https://review.example.org/12345',
};

/** Variables of the common fixture with a unique repository under `host`. */
export function baseVars(node: Node, engine: 'docker' | 'podman', extra: Vars = {}): Vars {
  return {
    zuul: CHANGE,
    zuul_work_dir: 'src/example.org/proj',
    ansible_user_dir: node.home,
    container_command: engine,
    ...extra,
  };
}

export function context(vars: Vars): RecordingRoleContext {
  return createRoleContext({ roleName: 'build-container-image', vars, onLog: () => undefined });
}

/**
 * Tracks every image name a test creates and removes them afterwards — without pruning parent
 * layers: those are build cache shared with builds running in parallel (podman fails a build
 * whose cached parent disappears mid-build with "layer not known").
 */
export class Images {
  private refs = new Set<string>();
  constructor(private readonly engine: ContainerEngine) {}
  repo(prefix = 'quay.io/org/app'): string {
    return `${prefix}-${uid()}`;
  }
  track(...refs: string[]) {
    refs.forEach((r) => this.refs.add(r));
  }
  async inspect(ref: string): Promise<ImageDetails | undefined> {
    this.track(ref);
    return this.engine.inspect(ref);
  }
  async cleanup() {
    for (const ref of this.refs)
      await this.engine.remove(ref, { force: true, noprune: true }).catch(() => undefined);
    this.refs.clear();
  }
}
