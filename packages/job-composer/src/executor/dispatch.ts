import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** Debian's ansible-core; the executor launcher points this at the venv's own copy. */
export const DEFAULT_ANSIBLE_PLAYBOOK = '/usr/bin/ansible-playbook';

export function realAnsiblePlaybook(env: NodeJS.ProcessEnv = process.env): string {
  return env.ZUUL_TS_ANSIBLE_PLAYBOOK || DEFAULT_ANSIBLE_PLAYBOOK;
}

/**
 * Runs the real ansible-playbook with the very argv and environment zuul-ts was given
 * (stdout/stderr shared, signals passed on) and resolves with its exit code (128 + signal
 * number when a signal ended it, as a shell reports it).
 */
export function runRealAnsible(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(realAnsiblePlaybook(env), argv, {
      stdio: 'inherit',
      env: { ...env, ZUUL_TS_DISPATCHED: '1' },
    });
    const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
    const onTerm = forward('SIGTERM');
    const onInt = forward('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
    const finish = (code: number) => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      resolve(code);
    };
    child.on('error', (err) => {
      process.stdout.write(`ERROR! cannot run ${realAnsiblePlaybook(env)}: ${err.message}\n`);
      finish(250);
    });
    child.on('exit', (code, signal) => {
      if (signal) finish(128 + constants.signals[signal]);
      else finish(code ?? 250);
    });
  });
}
