import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { BUILTIN_ROLE_PACKAGES } from '../roles';
import {
  LAUNCHER_MARK,
  launcherFlagsOf,
  launcherScript,
  zuulTsCommandScript,
  type LauncherPaths,
} from './launcher';

/** Zuul's per-version Ansible: `<ansible_root>/<version>` is a venv with bin/ansible-playbook. */
function pathsFor(venv: string) {
  const bin = join(venv, 'bin');
  return {
    target: join(bin, 'ansible-playbook'),
    real: join(bin, 'ansible-playbook.zuul-ts-orig'),
    binDir: join(venv, 'zuul-ts-bin'),
  };
}

const isLauncher = (file: string) =>
  existsSync(file) && readFileSync(file, 'utf8').split('\n')[1] === LAUNCHER_MARK;

/** Paths bubblewrap shows the executor's Ansible read-only (zuul/driver/bubblewrap). */
const SANDBOX_RO = ['/usr/', '/lib/', '/bin/', '/sbin/', '/lib64/'];

export function installShim(venvDir: string, zuulTs: string, node = process.execPath): string[] {
  const venv = resolve(venvDir);
  const p = pathsFor(venv);
  if (!existsSync(p.target)) throw new Error(`${p.target} does not exist (not an Ansible venv)`);
  if (!isLauncher(p.target)) renameSync(p.target, p.real);
  const paths: LauncherPaths = {
    real: p.real,
    node,
    nodeFlags: launcherFlagsOf(resolve(zuulTs)),
    zuulTs: resolve(zuulTs),
    binDir: p.binDir,
  };
  mkdirSync(p.binDir, { recursive: true });
  writeFileSync(join(p.binDir, 'zuul-ts'), zuulTsCommandScript(paths), { mode: 0o755 });
  chmodSync(join(p.binDir, 'zuul-ts'), 0o755);
  const tmp = `${p.target}.zuul-ts-new`;
  writeFileSync(tmp, launcherScript(paths, Object.keys(BUILTIN_ROLE_PACKAGES)), { mode: 0o755 });
  chmodSync(tmp, 0o755);
  renameSync(tmp, p.target);
  return [`installed: ${p.target} (original kept as ${p.real})`, ...sandboxWarnings(venv, paths)];
}

export function uninstallShim(venvDir: string): string[] {
  const p = pathsFor(resolve(venvDir));
  if (!isLauncher(p.target)) return [`not installed: ${p.target} is not the zuul-ts launcher`];
  if (!existsSync(p.real)) throw new Error(`${p.real} is missing; cannot restore ansible-playbook`);
  renameSync(p.real, p.target);
  rmSync(p.binDir, { recursive: true, force: true });
  return [`restored: ${p.target}`];
}

export function shimStatus(venvDir: string): { installed: boolean; lines: string[] } {
  const p = pathsFor(resolve(venvDir));
  if (!isLauncher(p.target)) return { installed: false, lines: [`not installed: ${p.target}`] };
  const text = readFileSync(p.target, 'utf8');
  const exec = /^ {2}exec '([^']+)'(?: '--[^']*')* '([^']+)' ansible-playbook/m.exec(text);
  const lines = [`installed: ${p.target} -> zuul-ts (original: ${p.real})`];
  if (exec) {
    lines.push(`node: ${exec[1]}`, `zuul-ts: ${exec[2]}`);
    for (const f of [exec[1], exec[2], p.real]) if (!existsSync(f)) lines.push(`MISSING: ${f}`);
    lines.push(
      ...sandboxWarnings(resolve(venvDir), {
        real: p.real,
        node: exec[1],
        nodeFlags: [],
        zuulTs: exec[2],
        binDir: p.binDir,
      }),
    );
  }
  return { installed: true, lines };
}

function sandboxWarnings(venv: string, p: LauncherPaths): string[] {
  const visible = (f: string) =>
    f.startsWith(`${venv}/`) || SANDBOX_RO.some((d) => f.startsWith(d));
  return [p.node, p.zuulTs]
    .filter((f) => !visible(f))
    .map(
      (f) =>
        `WARNING: ${f} is outside the executor's bubblewrap mounts (/usr, /lib, /bin, the venv)`,
    );
}
