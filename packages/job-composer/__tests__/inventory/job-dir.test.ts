import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { builtinJobsSource, loadConfig } from '../../src/config';
import { freezeJob, resolveSecretValues } from '../../src/freeze';
import { prepareJobDir, readInventory, readVarsFile } from '../../src/inventory';
import { buildZuulDict } from '../../src/zuul';
import { tree } from '../config/helpers';
import { Unsafe } from '@zuul-ts/templating';
import { SITE_PIPELINES } from '@zuul-ts/testing';

describe('prepareJobDir', () => {
  const user = tree({
    'zuul.yaml': `
- secret:
    name: quay
    data: {quay.io: {username: robot, password: !encrypted/pkcs1-oaep AAAA}}
- job:
    name: app-upload
    parent: upload-container-image
    vars: {container_command: docker}
    secrets:
      - {name: container_registry_credentials, secret: quay, pass-to-parent: true}
`,
  });
  const config = loadConfig([
    builtinJobsSource(),
    { path: SITE_PIPELINES, project: 'site/config', trusted: true },
    { path: join(user, 'zuul.yaml'), project: 'org/app' },
  ]);
  const frozen = freezeJob(config, 'app-upload', {
    project: 'org/app',
    pipeline: 'gate',
    branch: 'main',
  });
  const jobDir = join(tree({}), 'builds', 'b1');
  const zuul = buildZuulDict(frozen, {
    project: { name: 'org/app' },
    pipeline: 'gate',
    change: '3',
    patchset: '1',
    branch: 'main',
    jobDir,
    changeMessage: 'Use {{ lookup("env", "HOME") }}',
  });
  const password = 'pl41ntext-pw';
  const prepared = prepareJobDir(frozen, zuul, {
    secretValues: resolveSecretValues(frozen, {
      quay: { 'quay.io': { username: 'robot', password } },
    }),
    parentSecretData: { buildset_registry: { host: '10.0.0.9', port: 5000 } },
  });

  test('work dirs and an empty results.json', () => {
    for (const d of ['work/src', 'work/logs', 'work/tmp'])
      expect(existsSync(join(jobDir, d))).toBe(true);
    expect(statSync(join(jobDir, 'work/results.json')).size).toBe(0);
    expect(prepared.resultsFile).toBe(zuul.executor.result_data_file);
  });

  test('debug inventory has zuul in all.vars and no secret; zuul_vars.yaml holds {zuul}', () => {
    const { inventory } = readInventory(prepared.inventoryPath);
    expect(inventory.all.vars.zuul).toEqual(JSON.parse(JSON.stringify(zuul)));
    expect(inventory.all.hosts['ubuntu-noble'].container_command).toBe('docker');
    expect(readVarsFile(prepared.zuulVarsPath)).toEqual({
      zuul: JSON.parse(JSON.stringify(zuul)),
    });
    expect(readFileSync(prepared.inventoryPath, 'utf8')).not.toContain(password);
    // change_message is never templated: !unsafe in zuul_vars.yaml (zuul and items).
    expect(
      readFileSync(prepared.zuulVarsPath, 'utf8').match(/change_message: !unsafe/g),
    ).toHaveLength(4);
    const wrapped = readVarsFile(prepared.zuulVarsPath, { unsafe: 'wrap' }).zuul as Record<
      string,
      unknown
    >;
    expect(wrapped.change_message).toEqual(new Unsafe('Use {{ lookup("env", "HOME") }}'));
  });

  test('one dir per playbook, named per phase, each with its inventory and secrets beside it', () => {
    expect(prepared.playbooks.map((p) => p.dir.slice(jobDir.length + 1))).toEqual([
      'ansible/pre_playbook_0',
      'ansible/playbook_0',
      'ansible/post_playbook_0',
    ]);
    for (const p of prepared.playbooks) {
      const { inventory, secrets } = readInventory(p.inventoryPath);
      expect(inventory.all.vars).not.toHaveProperty('zuul');
      expect(secrets).toEqual({
        buildset_registry: { host: '10.0.0.9', port: 5000 },
        container_registry_credentials: { 'quay.io': { username: 'robot', password } },
      });
      expect(readFileSync(p.inventoryPath, 'utf8')).not.toContain(password);
      expect(statSync(p.secretsPath!).mode & 0o777).toBe(0o600);
    }
  });
});
