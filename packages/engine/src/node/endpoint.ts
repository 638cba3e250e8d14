import type { EngineKind } from '../types';
import type { NodeConnection } from './connection';

/**
 * The engine socket on a node: the `container_engine_host` host variable (`unix://PATH` or a
 * path), else the engine's standard socket for the SSH user — docker `/var/run/docker.sock`;
 * podman `/run/podman/podman.sock` for root, `/run/user/<uid>/podman/podman.sock` (the
 * `podman.socket` user unit) for anyone else.
 */
export function nodeSocketPath(kind: EngineKind, uid: number, explicit?: string): string {
  if (explicit) {
    if (explicit.startsWith('unix://')) return explicit.slice('unix://'.length);
    if (explicit.startsWith('/')) return explicit;
    throw new Error(
      `container_engine_host ${explicit} is not a unix socket; on an SSH node the engine is reached through its socket`,
    );
  }
  if (kind === 'docker') return '/var/run/docker.sock';
  return uid === 0 ? '/run/podman/podman.sock' : `/run/user/${uid}/podman/podman.sock`;
}

/** The SSH user's uid on the node (`id -u`), needed only to find podman's default socket. */
export async function remoteUid(conn: NodeConnection): Promise<number> {
  const r = await conn.exec('id -u');
  const uid = Number(r.stdout.toString().trim());
  if (r.code !== 0 || !Number.isInteger(uid))
    throw new Error(`id -u failed on ${conn.target.name}: ${r.stderr.trim()}`);
  return uid;
}
