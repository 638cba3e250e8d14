import { existsSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { NodeConnection, NodePathInfo } from '@zuul-ts/engine';
import { probeNodePaths } from '@zuul-ts/engine';

/** The file system the build's paths live on: the local machine's, or a node's. */
export interface PathView {
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
  /** The path with the symlinks of its longest existing prefix resolved. */
  real(path: string): string;
}

export const localPaths: PathView = {
  exists: (p) => existsSync(p),
  isDirectory: (p) => existsSync(p) && statSync(p).isDirectory(),
  real(path) {
    let probe = path;
    const rest: string[] = [];
    while (!existsSync(probe)) {
      const parent = resolve(probe, '..');
      if (parent === probe) return path;
      rest.unshift(relative(parent, probe));
      probe = parent;
    }
    return join(realpathSync(probe), ...rest);
  },
};

/**
 * A node's paths, answered from lookups done over SSH ahead of time. Planning code is
 * synchronous: `settle` runs it, collects the paths it asked about that were not looked up
 * yet, looks them up on the node in one command, and runs it again until it asked for nothing
 * new.
 */
export class NodePaths implements PathView {
  private readonly known = new Map<string, NodePathInfo>();
  private readonly asked = new Set<string>();

  private constructor(
    private readonly conn: NodeConnection,
    /** The SSH user's home on the node (the default `ansible_user_dir`). */
    readonly home: string,
  ) {}

  static async open(conn: NodeConnection): Promise<NodePaths> {
    const { home } = await probeNodePaths(conn, []);
    return new NodePaths(conn, home);
  }

  private info(path: string): NodePathInfo {
    const hit = this.known.get(path);
    if (hit) return hit;
    this.asked.add(path);
    return { kind: 'missing', real: path };
  }

  exists(path: string): boolean {
    return this.info(path).kind !== 'missing';
  }

  isDirectory(path: string): boolean {
    return this.info(path).kind === 'dir';
  }

  real(path: string): string {
    return this.info(path).real;
  }

  async settle<T>(plan: () => T): Promise<T> {
    for (;;) {
      let value: T | undefined;
      let error: unknown;
      try {
        value = plan();
      } catch (err) {
        error = err;
      }
      if (this.asked.size === 0) {
        if (error !== undefined) throw error;
        return value as T;
      }
      const { paths } = await probeNodePaths(this.conn, [...this.asked]);
      for (const [p, info] of paths) this.known.set(p, info);
      this.asked.clear();
    }
  }
}
