import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { roles } from '../src';
import { validateRoleVars } from '@zuul-ts/job-composer/roles';
import { runRole, snapshot, tempDir } from './helpers';

const use = roles.find((r) => r.name === 'use-buildset-registry')!;
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
const LOC = 'zuul-jobs.buildset-registry:5000';

interface Conf {
  'unqualified-search-registries': string[];
  registry: { prefix: string; location: string; mirror: { location: string }[] }[];
}

describe('use-buildset-registry', () => {
  test('empty node: hosts alias, CA per engine, registries.conf mirrors; a second run changes nothing', async () => {
    const root = tempDir('zuul-ts-node-root-');
    const vars = {
      buildset_registry: {
        host: '10.0.0.5',
        port: 5000,
        username: 'zuul',
        password: 'pw-never-written',
        cert: CERT,
      },
      use_buildset_registry_root: root,
    };
    const first = await runRole(use, vars);
    expect(readFileSync(join(root, 'etc/hosts'), 'utf8')).toBe(
      '10.0.0.5\tzuul-jobs.buildset-registry\n',
    );
    expect(readFileSync(join(root, `etc/docker/certs.d/${LOC}/ca.crt`), 'utf8')).toBe(CERT);
    expect(readFileSync(join(root, `etc/containers/certs.d/${LOC}/ca.crt`), 'utf8')).toBe(CERT);
    const conf = parse(
      readFileSync(join(root, 'etc/containers/registries.conf'), 'utf8'),
    ) as unknown as Conf;
    expect(conf['unqualified-search-registries']).toEqual(['docker.io']);
    expect(conf.registry).toEqual([
      {
        prefix: 'docker.io',
        location: 'docker.io',
        mirror: [{ location: LOC }, { location: 'docker.io' }],
      },
      {
        prefix: 'quay.io',
        location: 'quay.io',
        mirror: [{ location: `${LOC}/quay.io` }, { location: 'quay.io' }],
      },
      {
        prefix: 'gcr.io',
        location: 'gcr.io',
        mirror: [{ location: `${LOC}/gcr.io` }, { location: 'gcr.io' }],
      },
      {
        prefix: 'registry.k8s.io',
        location: 'registry.k8s.io',
        mirror: [{ location: `${LOC}/registry.k8s.io` }, { location: 'registry.k8s.io' }],
      },
    ]);
    // Only what the engines need: no daemon.json mirrors, no client auth file, no password.
    expect(existsSync(join(root, 'etc/docker/daemon.json'))).toBe(false);
    const after = snapshot(root);
    for (const content of Object.values(after))
      expect(Buffer.from(content, 'base64').toString()).not.toContain('pw-never-written');
    expect((first.operations as { target: string }[]).length).toBe(4);

    const second = await runRole(use, vars);
    expect(snapshot(root)).toEqual(after);
    expect((second.logs[0] as { message: string }).message).toContain('0 file(s) changed');
  });

  test('existing registries.conf: buildset mirror prepended once, other entries and keys kept', async () => {
    const root = tempDir('zuul-ts-node-root-');
    mkdirSync(join(root, 'etc/containers'), { recursive: true });
    writeFileSync(
      join(root, 'etc/containers/registries.conf'),
      [
        'short-name-mode = "permissive"',
        '',
        '[[registry]]',
        'prefix = "quay.io"',
        'location = "quay.io"',
        '',
        '[[registry.mirror]]',
        'location = "mirror.example.org/quay"',
        '',
        '[[registry]]',
        'prefix = "example.org"',
        'location = "example.org"',
        '',
      ].join('\n'),
    );
    mkdirSync(join(root, 'etc'), { recursive: true });
    writeFileSync(join(root, 'etc/hosts'), '127.0.0.1\tlocalhost');
    const vars = {
      buildset_registry: { host: 'registry.example.org', port: 9000, cert: CERT },
      use_buildset_registry_root: root,
      use_buildset_registry_engines: ['podman'],
      buildset_registry_namespaces: [['quay.io', 'https://quay.io']],
    };
    await runRole(use, vars);
    await runRole(use, vars);
    const conf = parse(
      readFileSync(join(root, 'etc/containers/registries.conf'), 'utf8'),
    ) as unknown as Conf & {
      'short-name-mode': string;
    };
    expect(conf['short-name-mode']).toBe('permissive');
    expect(conf.registry).toEqual([
      {
        prefix: 'quay.io',
        location: 'quay.io',
        mirror: [
          { location: 'registry.example.org:9000/quay.io' },
          { location: 'mirror.example.org/quay' },
        ],
      },
      { prefix: 'example.org', location: 'example.org' },
    ]);
    // A host name needs no alias; docker was not asked for.
    expect(readFileSync(join(root, 'etc/hosts'), 'utf8')).toBe('127.0.0.1\tlocalhost');
    expect(existsSync(join(root, 'etc/docker'))).toBe(false);
  });

  test('bad input is named (the runner validates it before the role writes anything)', async () => {
    await expect(runRole(use, { use_buildset_registry_root: '/tmp' })).rejects.toThrow(
      /buildset_registry/,
    );
    const root = tempDir('zuul-ts-node-root-');
    const ok = { buildset_registry: { host: 'h', port: 1 }, use_buildset_registry_root: root };
    expect(validateRoleVars(use, ok)).toEqual([]);
    expect(() =>
      validateRoleVars(use, { ...ok, use_buildset_registry_engines: ['docker', 'cri-o'] }),
    ).toThrow(/use_buildset_registry_engines\[1\]/);
    expect(() => validateRoleVars(use, { ...ok, use_buildset_registry_root: 'etc' })).toThrow(
      /use_buildset_registry_root/,
    );
    expect(() =>
      validateRoleVars(use, { ...ok, buildset_registry_namespaces: [['quay.io', 'x'], ['']] }),
    ).toThrow(/buildset_registry_namespaces\[1\]/);
    expect(() =>
      validateRoleVars(use, { ...ok, buildset_registry_unqualified_registries: [''] }),
    ).toThrow(/buildset_registry_unqualified_registries\[0\]/);
  });

  test('variables set to null (| default(None) in the role stub) take their defaults', async () => {
    const root = tempDir('zuul-ts-node-root-');
    mkdirSync(join(root, 'etc'), { recursive: true });
    writeFileSync(join(root, 'etc/hosts'), '127.0.0.1\tlocalhost\n');
    const vars = {
      buildset_registry: { host: 'registry.example.org', port: 5000 },
      use_buildset_registry_root: root,
      use_buildset_registry_engines: null,
      buildset_registry_namespaces: null,
      buildset_registry_unqualified_registries: null,
    };
    expect(validateRoleVars(use, vars)).toEqual([]);
    await runRole(use, vars);
    const conf = parse(readFileSync(join(root, 'etc/containers/registries.conf'), 'utf8')) as {
      'unqualified-search-registries': string[];
    };
    expect(conf['unqualified-search-registries']).toEqual(['docker.io']);
  });
});

test('dry run lists the files it would write and writes none', async () => {
  const root = tempDir('zuul-ts-node-root-');
  const ctx = await runRole(
    use,
    {
      buildset_registry: { host: '10.0.0.5', port: 5000, cert: CERT },
      use_buildset_registry_root: root,
    },
    true,
  );
  expect(ctx.operations.map((o) => o.target)).toEqual([
    join(root, 'etc/hosts'),
    join(root, `etc/docker/certs.d/${LOC}/ca.crt`),
    join(root, `etc/containers/certs.d/${LOC}/ca.crt`),
    join(root, 'etc/containers/registries.conf'),
  ]);
  expect(snapshot(root)).toEqual({});
});
