import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ROLES_DIR } from '../../src';

export const TS_CLI = join(__dirname, '..', 'e2e', 'ts-cli.js');

/** A job directory laid out as Zuul's executor does (JobDir, writeAnsibleConfig, writeLoggingConfig). */
export interface ExecutorJobDir {
  root: string;
  /** `ansible/playbook_0`: ansible.cfg, inventory.yaml, group_vars/all.yaml. */
  playbookDir: string;
  jobOutput: string;
  jobOutputJson: string;
  results: string;
  unreachableFile: string;
  /** The executor's argv for a playbook (after the ansible-playbook command). */
  argv(playbook: string, opts?: { trusted?: boolean; phase?: string }): string[];
  /** The executor's environment (ZUUL_* variables, TMP, HOME). */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  writePlaybook(name: string, text: string): string;
  cleanup(): void;
}

export interface JobDirOptions {
  /** Inventory hosts (`all.hosts`); default: localhost with a local connection. */
  hosts?: Record<string, Record<string, unknown>>;
  /** Secrets written beside the inventory (`group_vars/all.yaml`, `!unsafe` values). */
  secrets?: Record<string, string>;
  /** Extra inventory `all.vars` (the job's variables). */
  vars?: Record<string, unknown>;
  rolesPath?: string[];
}

const unsafe = (s: string) => `!unsafe ${JSON.stringify(s)}`;

export function makeJobDir(opts: JobDirOptions = {}): ExecutorJobDir {
  const root = mkdtempSync('/tmp/zts-exec-');
  const work = join(root, 'work');
  for (const d of ['src', 'logs', 'tmp', '.ssh', '.kube'])
    mkdirSync(join(work, d), { recursive: true });
  for (const d of ['trusted', 'untrusted', '.ansible/fact-cache', '.ansible/cp'])
    mkdirSync(join(root, d), { recursive: true });
  const ansible = join(root, 'ansible');
  const playbookDir = join(ansible, 'playbook_0');
  mkdirSync(join(playbookDir, 'group_vars'), { recursive: true });
  const jobOutput = join(work, 'logs', 'job-output.txt');
  writeFileSync(
    join(ansible, 'logging.json'),
    JSON.stringify(
      {
        version: 1,
        formatters: { plain: { format: '%(message)s' }, result: { format: 'RESULT %(message)s' } },
        handlers: {
          console: {
            class: 'logging.StreamHandler',
            stream: 'ext://sys.stdout',
            level: 'INFO',
            formatter: 'plain',
          },
          result: {
            class: 'logging.StreamHandler',
            stream: 'ext://sys.stdout',
            level: 'INFO',
            formatter: 'result',
          },
          jobfile: {
            class: 'logging.FileHandler',
            level: 'INFO',
            formatter: 'plain',
            filename: jobOutput,
          },
        },
        loggers: {
          'zuul.executor.ansible.result': { handlers: ['result'], level: 'INFO' },
          'zuul.executor.ansible': { handlers: ['jobfile'], level: 'INFO' },
        },
        root: { handlers: [] },
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(ansible, 'vars_blacklist.yaml'),
    JSON.stringify({
      ansible_ssh_executable: 'ssh',
      ansible_ssh_common_args: '-o PermitLocalCommand=no',
      ansible_sftp_extra_args: '-o PermitLocalCommand=no',
      ansible_scp_extra_args: '-o PermitLocalCommand=no',
      ansible_ssh_extra_args: '-o PermitLocalCommand=no',
    }),
  );
  const results = join(work, 'results.json');
  writeFileSync(results, '');
  writeFileSync(
    join(ansible, 'zuul_vars.yaml'),
    [
      'zuul:',
      '  build: 5f1d0c9a2b3c4d5e6f708192a3b4c5d6',
      '  buildset: 0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      '  change: "1234"',
      '  patchset: "2"',
      '  pipeline: gate',
      '  job: executor-test',
      `  message: ${unsafe('Fix {{ templating }} in {% raw %} messages')}`,
      '  project:',
      '    name: org/app',
      '    canonical_name: example.org/org/app',
      '  executor:',
      `    work_root: ${work}`,
      `    log_root: ${join(work, 'logs')}`,
      `    src_root: ${join(work, 'src')}`,
      `    result_data_file: ${results}`,
      `    inventory_file: ${join(ansible, 'inventory.yaml')}`,
      '',
    ].join('\n'),
  );
  const hosts = opts.hosts ?? { localhost: { ansible_connection: 'local' } };
  const inventory = {
    all: {
      hosts: Object.fromEntries(
        Object.entries(hosts).map(([h, v]) => [h, { nodepool: { label: 'ubuntu-noble' }, ...v }]),
      ),
      vars: opts.vars ?? {},
    },
  };
  // YAML as Zuul writes it: a job variable Zuul marks `!unsafe` (never templated).
  const inventoryText = [
    'all:',
    `  hosts: ${JSON.stringify(inventory.all.hosts)}`,
    '  vars:',
    ...Object.entries(inventory.all.vars).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`),
    `    build_note: ${unsafe('built by {{ nobody }}')}`,
    '',
  ].join('\n');
  writeFileSync(join(playbookDir, 'inventory.yaml'), inventoryText);
  if (opts.secrets)
    writeFileSync(
      join(playbookDir, 'group_vars', 'all.yaml'),
      Object.entries(opts.secrets)
        .map(([k, v]) => `${k}: ${unsafe(v)}\n`)
        .join(''),
    );
  const rolesPath = opts.rolesPath ?? [DEFAULT_ROLES_DIR];
  writeFileSync(
    join(playbookDir, 'ansible.cfg'),
    [
      '[defaults]',
      `inventory = ${join(playbookDir, 'inventory.yaml')}`,
      `local_tmp = ${join(work, 'tmp')}`,
      'retry_files_enabled = False',
      'gathering = smart',
      'fact_caching = jsonfile',
      `fact_caching_connection = ${join(root, '.ansible', 'fact-cache')}`,
      'command_warnings = False',
      'nocows = True',
      'timeout = 30',
      `roles_path = ${rolesPath.join(':')}`,
      `display_args_to_stdout = ${opts.secrets ? 'False' : 'True'}`,
      'internal_poll_interval = 0.01',
      '[ssh_connection]',
      'retries = 3',
      'pipelining = True',
      `control_path_dir = ${join(root, '.ansible', 'cp')}`,
      '',
    ].join('\n'),
  );
  return {
    root,
    playbookDir,
    jobOutput,
    jobOutputJson: join(work, 'logs', 'job-output.json'),
    results,
    unreachableFile: join(root, '.ansible', 'nodes.unreachable'),
    argv: (playbook, o = {}) => {
      const trusted = o.trusted ?? false;
      return [
        '-v',
        playbook,
        '-e',
        `zuul_execution_phase=${o.phase ?? 'run'}`,
        '-e',
        'zuul_execution_phase_index=0',
        '-e',
        `zuul_execution_trusted=${trusted ? 'True' : 'False'}`,
        '-e',
        'zuul_execution_canonical_name_and_path=example.org/org/app/playbooks/test.yaml',
        '-e',
        'zuul_execution_branch=main',
        ...(trusted ? [] : ['-e', `@${join(ansible, 'vars_blacklist.yaml')}`]),
        `-e@${join(ansible, 'zuul_vars.yaml')}`,
      ];
    },
    env: (extra = {}) => {
      const env: NodeJS.ProcessEnv = {};
      // The executor drops its own ZUUL_* variables and sets these.
      for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ZUUL_')) env[k] = v;
      return {
        ...env,
        ANSIBLE_CONFIG: join(playbookDir, 'ansible.cfg'),
        ZUUL_JOB_LOG_CONFIG: join(ansible, 'logging.json'),
        ZUUL_JOBDIR: root,
        ZUUL_OUTPUT_MAX_BYTES: String(1024 * 1024 * 1024),
        ZUUL_JOB_FAILURE_OUTPUT: '[]',
        ZUUL_ANSIBLE_SPLIT_STREAMS: 'False',
        TMP: join(work, 'tmp'),
        HOME: work,
        ANSIBLE_NOCOLOR: '1',
        ...extra,
      };
    },
    writePlaybook: (name, text) => {
      const dir = join(root, 'untrusted', 'project_0', 'example.org', 'org', 'app', 'playbooks');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A `zuul-ts` on PATH for stock Ansible's role stubs (runs the TypeScript sources). */
export function zuulTsOnPath(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'zuul-ts'), `#!/bin/sh\nexec node ${TS_CLI} "$@"\n`);
  chmodSync(join(bin, 'zuul-ts'), 0o755);
  return bin;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `zuul-ts ansible-playbook ARGV` in the job's work dir, as the executor does. */
export function runExecutor(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TS_CLI, 'ansible-playbook', ...argv], { env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
