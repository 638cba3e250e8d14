import { UsageError } from '../../src/cli/errors';
import { parseArgs } from '../../src/cli/args';
import { parseExtraVars } from '../../src/cli/extra-vars';
import { createScope, renderString } from '@zuul-ts/templating';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('CLI argument parsing', () => {
  const specs = [
    { name: 'extra-vars', short: 'e', kind: 'list' as const },
    { name: 'inventory', short: 'i', kind: 'value' as const },
    { name: 'json', kind: 'flag' as const },
  ];

  test('options and positionals interleave, as Zuul calls ansible-playbook', () => {
    const a = parseArgs(
      ['-v', 'pb.yaml', '-e', 'a=1', '-e@vars.yaml', '--inventory=inv.yaml', '--json', 'pb2.yaml'],
      specs,
      ['-v'],
    );
    expect(a.positionals).toEqual(['pb.yaml', 'pb2.yaml']);
    expect(a.lists['extra-vars']).toEqual(['a=1', '@vars.yaml']);
    expect(a.values.inventory).toBe('inv.yaml');
    expect(a.flags.json).toBe(true);
  });

  test.each([
    [['--nope'], 'unknown option --nope'],
    [['-e'], 'option --extra-vars needs a value'],
    [['-i', 'a', '-i', 'b'], 'option --inventory given twice'],
    [['--json=1'], 'option --json takes no value'],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseArgs(argv, specs)).toThrow(new UsageError(message));
  });
});

describe('-e extra vars', () => {
  test('k=v values are strings; @file, @- (stdin) and inline JSON are mappings; later wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zts-ev-'));
    writeFileSync(join(dir, 'v.yaml'), 'n: 5\nlist: [1, 2]\nzuul_success: x\n');
    const vars = parseExtraVars(
      [
        'zuul_success=True port=5000 msg="two words"',
        `@${join(dir, 'v.yaml')}`,
        '{"obj": {"a": 1}}',
        '@-',
        'port=6000',
      ],
      () => '{"piped": true, "n": 6}',
    );
    expect(vars).toEqual({
      zuul_success: 'x',
      port: '6000',
      msg: 'two words',
      n: 6,
      list: [1, 2],
      obj: { a: 1 },
      piped: true,
    });
  });

  test("stock Ansible's omit placeholder in piped variables means unset", () => {
    const vars = parseExtraVars(['@-'], () =>
      JSON.stringify({ a: 1, b: '__omit_place_holder__0f3c9a1b2d4e5f60718293a4b5c6d7e8f9012345' }),
    );
    expect(vars).toEqual({ a: 1 });
  });

  test('values a role stub pipes (already rendered by Ansible) are never templated again', () => {
    const vars = parseExtraVars(
      ['@-'],
      () =>
        JSON.stringify({
          zuul: { message: 'Fix {{ x }}' },
          b: '__omit_place_holder__0f3c9a1b2d4e5f60718293a4b5c6d7e8f9012345',
        }),
      true,
    );
    expect(Object.keys(vars)).toEqual(['zuul']);
    expect(renderString('{{ zuul.message }}', createScope([vars]))).toBe('Fix {{ x }}');
  });

  test('bad -e values are usage errors', () => {
    expect(() => parseExtraVars(['@/nonexistent/file.yaml'])).toThrow(UsageError);
    expect(() => parseExtraVars(['[1, 2]'])).toThrow('extra vars must be a mapping');
    expect(() => parseExtraVars(['not a pair'])).toThrow('expected key=value');
    expect(() => parseExtraVars(['@-', '@-'], () => '{}')).toThrow('-e @- given twice');
  });
});

describe('-e @zuul_vars.yaml with !unsafe', () => {
  test('an !unsafe change message is never templated', async () => {
    const { runPlaybook, unregisterRole } = await import('../../src');
    const { tree, useRecorder } = await import('../runner/helpers');
    const seen = useRecorder();
    try {
      const dir = tree({
        'zuul_vars.yaml':
          "zuul:\n  change_message: !unsafe 'Fix {{ undefined_thing }}'\n  pipeline: check\n",
        'pb.yaml': '- hosts: localhost\n  roles: [recorder]\n',
      });
      const extraVars = parseExtraVars([`@${join(dir, 'zuul_vars.yaml')}`]);
      const result = await runPlaybook({
        playbooks: [join(dir, 'pb.yaml')],
        extraVars: { ...extraVars, recorder_keys: ['zuul'] },
      });
      expect(result.error).toBeUndefined();
      expect(seen[0].vars.zuul).toEqual({
        change_message: 'Fix {{ undefined_thing }}',
        pipeline: 'check',
      });
    } finally {
      unregisterRole('recorder');
    }
  });
});
