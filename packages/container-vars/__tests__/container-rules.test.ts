import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@zuul-ts/role-kit';
import {
  buildsetRegistryAlias,
  buildsetRegistryHostsLine,
  buildsetRepository,
  changeTagPrefix,
  containerCommand,
  imageTags,
  registryCredentials,
  resolveBuildsetRegistry,
  temporaryTag,
  zuulLabels,
} from '@zuul-ts/container-vars';
import { repositoryHost } from '@zuul-ts/registry';

describe('container rules', () => {
  test.each([
    [{ zuul: { change: 12345, pipeline: 'gate' } }, 'change_12345'],
    [{ zuul: { change: '7', pipeline: 'check' } }, 'change_7'],
    [{ zuul: { pipeline: 'periodic' } }, 'periodic'],
    [{ zuul: { change: '', pipeline: 'post' } }, 'post'],
  ])('tag prefix %j -> %s', (vars, prefix) => {
    expect(changeTagPrefix(vars)).toBe(prefix);
    expect(temporaryTag(vars, 'latest')).toBe(`${prefix}_latest`);
  });

  test('labels: change only with a change, change_url always', () => {
    expect(zuulLabels({ zuul: { change: 1, change_url: 'u' } })).toEqual({
      'org.zuul-ci.change': '1',
      'org.zuul-ci.change_url': 'u',
    });
    expect(zuulLabels({ zuul: { pipeline: 'periodic', change_url: 'u' } })).toEqual({
      'org.zuul-ci.change_url': 'u',
    });
  });

  test.each([
    [
      { host: '2001:db8::5', port: 5000 },
      'quay.io/org/app',
      'zuul-jobs.buildset-registry:5000/quay.io/org/app',
    ],
    [
      { host: '10.0.0.5', port: 5000 },
      'docker.io/org/app',
      'zuul-jobs.buildset-registry:5000/org/app',
    ],
    [{ host: 'reg.example', port: '5000' }, 'org/app', 'reg.example:5000/org/app'],
    [
      { host: 'reg.example', port: 5000 },
      'final.example:5001/org/app',
      'reg.example:5000/final.example_5001/org/app',
    ],
  ])('buildset repository %j %s', (reg, repo, expected) => {
    expect(buildsetRepository(reg, repo)).toBe(expected);
  });

  test('alias and hosts line', () => {
    expect(buildsetRegistryAlias({ host: 'r.example' })).toBe('r.example');
    expect(buildsetRegistryHostsLine({ host: '2001:db8::5' })).toBe(
      '2001:db8::5\tzuul-jobs.buildset-registry',
    );
    expect(buildsetRegistryHostsLine({ host: 'r.example' })).toBeUndefined();
  });

  test('buildset registry from the results file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const file = join(dir, 'results.json');
    writeFileSync(
      file,
      JSON.stringify({ secret_data: { buildset_registry: { host: 'h', port: 1 } } }),
    );
    expect(resolveBuildsetRegistry({ zuul: { executor: { result_data_file: file } } })).toEqual({
      host: 'h',
      port: 1,
    });
    writeFileSync(file, '');
    expect(
      resolveBuildsetRegistry({ zuul: { executor: { result_data_file: file } } }),
    ).toBeUndefined();
    expect(
      resolveBuildsetRegistry({ zuul: { executor: { result_data_file: join(dir, 'none') } } }),
    ).toBeUndefined();
    expect(() => resolveBuildsetRegistry({ buildset_registry: { host: 'h', port: 'x' } })).toThrow(
      'buildset_registry.port',
    );
  });

  test('credentials lookup', () => {
    const vars = {
      container_registry_credentials: {
        'quay.io': { username: 'u', password: 'p', repository: '^quay.io/org/.*' },
      },
    };
    expect(
      registryCredentials(vars, 'quay.io', 'quay.io/org/app', 'container_images[0]').username,
    ).toBe('u');
    expect(() =>
      registryCredentials(vars, 'quay.io', 'quay.io/other/app', 'container_images[0]'),
    ).toThrow('quay.io/other/app not permitted by ^quay.io/org/.*');
    expect(() => registryCredentials(vars, 'ghcr.io', 'ghcr.io/a', 'container_images[2]')).toThrow(
      new InputError('container_images[2].registry', 'ghcr.io credentials not found'),
    );
  });

  test('container_command, tags, repository host', () => {
    expect(containerCommand({})).toBe('podman');
    expect(containerCommand({ container_command: 'docker' })).toBe('docker');
    expect(() => containerCommand({ container_command: 'nerdctl' })).toThrow('container_command');
    expect(imageTags({ repository: 'x' })).toEqual(['latest']);
    expect(repositoryHost('quay.io/org/app')).toBe('quay.io');
    expect(repositoryHost('localhost:5000/app')).toBe('localhost:5000');
    expect(repositoryHost('org/app')).toBeUndefined();
    expect(repositoryHost('app')).toBeUndefined();
  });
});
