import { join } from 'node:path';
import { findPackageRoot } from '../package-root';

/** What a launcher needs to know about this installation. */
export interface LauncherPaths {
  /** The venv's original ansible-playbook, kept beside the launcher. */
  real: string;
  node: string;
  /** The node flags of bin/zuul-ts.js's `#!` line, passed the same way when node is named. */
  nodeFlags: string[];
  /** This installation's bin/zuul-ts.js. */
  zuulTs: string;
  /** A directory holding a `zuul-ts` command for the role stubs. */
  binDir: string;
}

/** The first line after the shebang: how install/uninstall/status recognise a launcher. */
export const LAUNCHER_MARK = '# zuul-ts executor launcher';

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A small `sh` launcher installed as `<ansible_root>/<version>/bin/ansible-playbook`. Fast
 * path: a playbook that names none of our roles is exec'd straight into the real
 * ansible-playbook (no Node start-up); otherwise zuul-ts decides (and may still hand it over).
 * Either way `zuul-ts` is on PATH for the role stubs.
 */
export function launcherScript(p: LauncherPaths, roles: string[]): string {
  const pattern = `(^|[^A-Za-z0-9_-])(${roles.join('|')})([^A-Za-z0-9_-]|$)`;
  return [
    '#!/bin/sh',
    LAUNCHER_MARK,
    '# Installed by `zuul-ts-executor-shim install`; `zuul-ts-executor-shim uninstall` restores',
    '# the original ansible-playbook kept beside it.',
    `REAL=${q(p.real)}`,
    `PATH=${q(p.binDir)}:$PATH`,
    'export PATH',
    'pb=',
    'for a in "$@"; do',
    '  case "$a" in -*) ;; *) pb=$a; break ;; esac',
    'done',
    `if [ -n "$pb" ] && [ -f "$pb" ] && grep -Eq ${q(pattern)} "$pb"; then`,
    '  ZUUL_TS_ANSIBLE_PLAYBOOK=${ZUUL_TS_ANSIBLE_PLAYBOOK:-$REAL}',
    '  export ZUUL_TS_ANSIBLE_PLAYBOOK',
    `  exec ${nodeCommand(p)} ansible-playbook "$@"`,
    'fi',
    'exec "$REAL" "$@"',
    '',
  ].join('\n');
}

/** `zuul-ts` for the role stubs of playbooks real Ansible runs. */
export function zuulTsCommandScript(p: LauncherPaths): string {
  return `#!/bin/sh\nexec ${nodeCommand(p)} "$@"\n`;
}

/** `'node' '--flag'... 'bin/zuul-ts.js'`, quoted for sh. */
function nodeCommand(p: LauncherPaths): string {
  return [p.node, ...p.nodeFlags, p.zuulTs].map(q).join(' ');
}

/** The node flags of a bin's `#!/usr/bin/env -S node --flag...` line (bin/load-bundle.js). */
export function launcherFlagsOf(zuulTs: string): string[] {
  const bin = join(findPackageRoot('@zuul-ts/job-composer'), 'bin', 'load-bundle.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = require(bin) as { launcherFlags(file: string): string[] };
  return load.launcherFlags(zuulTs);
}
