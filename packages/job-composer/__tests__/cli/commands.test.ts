import { join } from 'node:path';
import { unregisterRole } from '../../src';
import { tree, useRecorder } from '../runner/helpers';
import { COMMANDS } from '../../src/cli/commands';
import { cli, jsonLines } from './helpers';

const INVENTORY = `all:
  hosts:
    ubuntu-noble:
      ansible_host: 127.0.0.1
      ansible_port: 22
      ansible_user: zuul
      ansible_connection: local
      rec_job: from-job
      nodepool: {label: ubuntu-noble, interface_ip: 127.0.0.1}
  vars:
    rec_job: from-job
  children:
    zuul_unreachable:
      hosts: {}
`;

describe('zuul-ts CLI', () => {
  afterEach(() => unregisterRole('recorder'));

  test('--version and help', async () => {
    expect(await cli(['--version'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^zuul-ts \d+\.\d+\.\d+\n$/),
    });
    expect(await cli(['--help'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('run-playbook'),
    });
  });

  test.each(Object.keys(COMMANDS))('%s --help describes every option', async (name) => {
    const { code, stdout } = await cli([name, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(`usage: ${COMMANDS[name].usage}`);
    for (const option of COMMANDS[name].options()) {
      const options = stdout.slice(stdout.indexOf('\noptions:\n'));
      const flag = new RegExp(`--${option.name}(?=[ ,]|$)`);
      const line = options.split('\n').find((l) => flag.test(l));
      expect({ option: option.name, described: (option.help ?? '').length > 0 }).toEqual({
        option: option.name,
        described: true,
      });
      expect(line).toContain(option.help);
    }
  });

  test.each([
    [[], ''],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['run-playbook', '--bogus', 'x.yaml'], 'unknown option --bogus'],
    [['run-playbook'], 'no playbook given'],
    [['role'], 'usage: zuul-ts role NAME'],
    [['run-job', 'j', '--pipeline', 'check'], '--project-dir is required'],
    [['run-job', 'j', '--project-dir', '.'], '--pipeline is required'],
    [['run-job', 'j', '--project-dir', '.', '--change', '1'], '--change needs --patchset'],
    [
      [
        'run-pipeline',
        'check',
        '--project-dir',
        '.',
        '--tag',
        't',
        '--change',
        '1',
        '--patchset',
        '1',
      ],
      '--tag and --change exclude each other',
    ],
  ])('usage error exits 2: %j', async (argv, message) => {
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  test('run-playbook with a Zuul-shaped inventory: exit 0 and --json events with durations', async () => {
    const seen = useRecorder();
    const dir = tree({
      'ansible/playbook_0/inventory.yaml': INVENTORY,
      'ansible/zuul_vars.yaml':
        'zuul:\n  build: 0123456789abcdef0123456789abcdef\n  pipeline: check\n',
      'pb.yaml': '- hosts: all\n  roles: [recorder]\n',
    });
    const run = await cli([
      'run-playbook',
      '-v',
      join(dir, 'pb.yaml'),
      '-i',
      join(dir, 'ansible/playbook_0/inventory.yaml'),
      '-e',
      'zuul_execution_phase=run',
      '-e',
      `@${join(dir, 'ansible/zuul_vars.yaml')}`,
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(seen.map((s) => [s.host, s.vars.rec_job])).toEqual([['ubuntu-noble', 'from-job']]);
    const events = jsonLines(run.stdout);
    const spans = events
      .filter((e) => e.phase === 'start' || e.phase === 'end')
      .map((e) => `${e.kind}:${e.phase}`);
    expect(spans).toEqual([
      'playbook:start',
      'play:start',
      'role:start',
      'operation:start',
      'operation:end',
      'role:end',
      'play:end',
      'playbook:end',
    ]);
    for (const e of events.filter((x) => x.phase === 'end')) {
      expect(e.status).toBe('ok');
      expect(typeof e.durationMs).toBe('number');
    }
    expect(events.find((e) => e.kind === 'operation')).toMatchObject({
      name: 'test.op',
      host: 'ubuntu-noble',
      detail: { target: 'recorder@ubuntu-noble' },
    });
  });

  test('exit 1 on a failing task, 2 on an unsupported playbook or bad role input', async () => {
    useRecorder('recorder', {
      type: 'object',
      properties: {
        container_images: { type: 'array', items: { type: 'object', required: ['repository'] } },
      },
    });
    const dir = tree({
      'fail.yaml': '- hosts: localhost\n  tasks:\n    - fail: {msg: nope}\n',
      'bad.yaml': '- hosts: localhost\n  tasks:\n    - shell: rm -rf /\n',
      'input.yaml':
        '- hosts: localhost\n  tasks:\n    - include_role: {name: recorder}\n      vars: {container_images: [{}]}\n',
    });
    expect(await cli(['run-playbook', join(dir, 'fail.yaml')])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('nope'),
    });
    expect(await cli(['run-playbook', join(dir, 'bad.yaml')])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        `${join(dir, 'bad.yaml')}:3: unsupported key 'shell' in task`,
      ),
    });
    expect(await cli(['run-playbook', join(dir, 'input.yaml')])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('container_images[0].repository: is required'),
    });
    expect(
      await cli(['run-playbook', '-i', join(dir, 'missing.yaml'), join(dir, 'fail.yaml')]),
    ).toMatchObject({ code: 2 });
  });

  test('role NAME -e @- reads the variables as JSON on stdin; role defaults still apply', async () => {
    const seen = useRecorder();
    const run = await cli(
      ['role', 'recorder', '-e', '@-', '-e', 'rec_cli=1', '--json'],
      JSON.stringify({
        rec_stdin: { a: [1, 2] },
        zuul: { pipeline: 'gate' },
        recorder_keys: ['rec_stdin', 'rec_cli', 'zuul'],
      }),
    );
    expect(run.code).toBe(0);
    expect(seen[0].vars).toEqual({
      rec_stdin: { a: [1, 2] },
      rec_cli: '1',
      zuul: { pipeline: 'gate' },
    });
    const result = jsonLines(run.stdout).find((e) => e.phase === 'result');
    expect(result).toMatchObject({
      kind: 'role',
      name: 'recorder',
      summary: 'recorded 3 variables',
    });
  });

  test('role --dry-run prints the plan on stdout and runs nothing', async () => {
    useRecorder();
    const run = await cli(['role', 'recorder', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('test.op recorder@localhost\n');
  });
});
