import { join, resolve } from 'node:path';
import { UsageError } from '../cli/errors';
import type { CliIO } from '../cli/output';
import { readAnsibleCfg } from './ansible-cfg';
import { parseExecutorArgv } from './argv';
import { decide } from './decide';
import { realAnsiblePlaybook, runRealAnsible } from './dispatch';

/**
 * `zuul-ts ansible-playbook`: what Zuul's executor runs in place of ansible-playbook. Same
 * argv and environment; exit codes with Ansible's meaning as the executor reads them
 * (0 ok, 1 `ERROR!`, 2 a task failed, 3 unreachable, 4 parse error, 250 unexpected).
 */
export async function ansiblePlaybookCommand(argv: string[], io: CliIO): Promise<number> {
  const env = process.env;
  const say = (line: string) => io.stdout(`${line}\n`);
  if (env.ZUUL_TS_DISPATCHED) {
    say(`ERROR! ZUUL_TS_ANSIBLE_PLAYBOOK (${realAnsiblePlaybook(env)}) runs zuul-ts again`);
    return 1;
  }
  let args: ReturnType<typeof parseExecutorArgv>;
  try {
    args = parseExecutorArgv(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    say(`ERROR! ${err.message}`);
    return 1;
  }
  const cfg = readAnsibleCfg(env);
  const playbook = resolve(args.playbook);
  const decision = decide(playbook, cfg.rolesPath);
  if (decision.mode === 'error') {
    decision.lines.forEach(say);
    return decision.code;
  }
  if (decision.mode === 'ansible') {
    say(`zuul-ts: ${args.playbook} goes to ${realAnsiblePlaybook(env)}: ${decision.reason}`);
    return runRealAnsible(argv, env);
  }
  // Loaded here, not at the top: dispatching to Ansible stays a Node start-up and a parse.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { parseExtraVars } = require('../cli/extra-vars') as typeof import('../cli/extra-vars');
  const { runStubPlaybook } = require('./run-stub') as typeof import('./run-stub');
  /* eslint-enable @typescript-eslint/no-require-imports */
  let extraVars;
  try {
    extraVars = parseExtraVars(args.extraVars);
  } catch (err) {
    say(`ERROR! ${(err as Error).message}`);
    return 1;
  }
  say(`zuul-ts: running ${args.playbook} with zuul-ts`);
  const outcome = await runStubPlaybook({
    playbook: decision.playbook,
    rolesDir: decision.rolesDir,
    inventory: cfg.inventory,
    extraVars,
    env,
    say,
    signal: io.signal,
    resultFile: env.ZUUL_JOBDIR ? join(env.ZUUL_JOBDIR, 'work', 'results.json') : undefined,
    timeout: cfg.timeout,
  });
  if (typeof outcome === 'number') return outcome;
  say(`zuul-ts: ${args.playbook} goes to ${realAnsiblePlaybook(env)}: ${outcome.dispatch}`);
  return runRealAnsible(argv, env);
}
