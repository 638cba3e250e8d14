import { join } from 'node:path';
import { installShim, shimStatus, uninstallShim } from './shim';

const USAGE = 'usage: zuul-ts-executor-shim install|uninstall|status <ansible_root>/<version>';

/**
 * `zuul-ts-executor-shim`: puts the zuul-ts launcher in place of a Zuul Ansible venv's
 * ansible-playbook, takes it out again, or says which is in place. Exit 0 on success
 * (status: installed), 1 not installed / failure, 2 usage.
 */
export function shimMain(argv: string[], out = (s: string) => process.stdout.write(s)): number {
  const [action, dir] = argv;
  if (!dir || argv.length !== 2) {
    out(`${USAGE}\n`);
    return 2;
  }
  try {
    const zuulTs = join(__dirname, '..', '..', 'bin', 'zuul-ts.js');
    if (action === 'install') installShim(dir, zuulTs).forEach((l) => out(`${l}\n`));
    else if (action === 'uninstall') uninstallShim(dir).forEach((l) => out(`${l}\n`));
    else if (action === 'status') {
      const s = shimStatus(dir);
      s.lines.forEach((l) => out(`${l}\n`));
      return s.installed ? 0 : 1;
    } else {
      out(`${USAGE}\n`);
      return 2;
    }
    return 0;
  } catch (err) {
    out(`zuul-ts-executor-shim: ${(err as Error).message}\n`);
    return 1;
  }
}
