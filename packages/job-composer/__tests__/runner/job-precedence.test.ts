import { join } from 'node:path';
import { registerRole, runJob, unregisterRole } from '../../src';
import { appJob, recorderRole, tree, type Seen } from './helpers';

/**
 * Table 2.1 end to end through run-job (config → freeze → inventory → playbook): each row
 * defines `rec_v` in its own place and in every row below it; the role sees the row's value.
 */
const ROWS = [
  'role defaults',
  'parent results',
  'include-vars',
  'project vars',
  'job vars',
  'group-vars',
  'host-vars',
  'job extra-vars',
  'secrets',
  'play vars',
  'command-line -e',
] as const;
type Row = (typeof ROWS)[number];

function project(top: Row): Record<string, string> {
  const on = (row: Row) => ROWS.indexOf(row) <= ROWS.indexOf(top);
  const job: string[] = [
    '- job:',
    '    name: prec-job',
    '    run: playbooks/run.yaml',
    '    nodeset:',
    '      nodes: [{name: node1, label: l}]',
    '      groups: [{name: builders, nodes: [node1]}]',
  ];
  if (on('include-vars')) job.push('    include-vars: [vars/iv.yaml]');
  if (on('job vars')) job.push("    vars: {rec_v: 'job vars', rec_merge: {b: job}}");
  if (on('group-vars')) job.push("    group-vars: {builders: {rec_v: 'group-vars'}}");
  if (on('host-vars')) job.push("    host-vars: {node1: {rec_v: 'host-vars'}}");
  if (on('job extra-vars')) job.push("    extra-vars: {rec_v: 'job extra-vars'}");
  if (on('secrets')) job.push('    secrets: [{name: rec_v, secret: prec-secret}]');
  const config = [
    '- secret:',
    '    name: prec-secret',
    '    data: {row: secrets}',
    ...job,
    '- project:',
    ...(on('project vars') ? ["    vars: {rec_v: 'project vars'}"] : []),
    '    gate: {jobs: [prec-job]}',
  ];
  const files: Record<string, string> = {
    'app/.zuul.yaml': `${config.join('\n')}\n`,
    'app/playbooks/run.yaml': `- hosts: all\n${on('play vars') ? "  vars: {rec_v: 'play vars'}\n" : ''}  roles: [prec-role]\n`,
    'app/vars/iv.yaml': "rec_v: 'include-vars'\n",
  };
  if (on('role defaults')) files['roles/prec-role/defaults/main.yaml'] = "rec_v: 'role defaults'\n";
  return files;
}

describe('variable precedence through run-job (every layer, lowest to highest)', () => {
  let seen: Seen[];
  beforeEach(() => {
    seen = [];
    registerRole(recorderRole('prec-role', seen));
  });
  afterEach(() => unregisterRole('prec-role'));

  test.each(ROWS.map((r) => [r]))('%s beats every row below it', async (top) => {
    const on = (row: Row) => ROWS.indexOf(row) <= ROWS.indexOf(top);
    const dir = tree(project(top));
    const res = await runJob(
      appJob(
        'prec-job',
        { dir, pipeline: 'gate', change: '1' },
        {
          rolesDir: join(dir, 'roles'),
          parentData: on('parent results')
            ? { rec_v: 'parent results', rec_merge: { a: 'parent' } }
            : {},
          extraVars: on('command-line -e') ? { rec_v: 'command-line -e' } : {},
        },
      ),
    );
    expect(res.error).toBeUndefined();
    const expected = top === 'secrets' ? { row: 'secrets' } : top;
    expect(seen.map((s) => s.vars.rec_v)).toEqual([expected]);
  });

  test('layers 2–5 deep-merge (parent data {a} + job vars {b}); host-vars replace at the top level', async () => {
    const dir = tree(project('job vars'));
    const res = await runJob(
      appJob(
        'prec-job',
        { dir, pipeline: 'gate', change: '1' },
        {
          parentData: { rec_merge: { a: 'parent' } },
        },
      ),
    );
    expect(res.error).toBeUndefined();
    expect(seen[0].vars.rec_merge).toEqual({ a: 'parent', b: 'job' });
  });
});
