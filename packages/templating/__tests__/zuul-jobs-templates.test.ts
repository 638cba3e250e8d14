/**
 * Templates as the zuul-jobs container roles write them (use-buildset-registry, upload-container-
 * image, build-container-image), run through scopes the way the playbook runner layers them:
 * job vars, task vars in a child scope, set_fact into a facts layer.
 */
import { createScope, evaluateCondition, renderValue } from '../src';

const buildsetRegistry = {
  host: 'fd00::5',
  port: 5000,
  username: 'zuul',
  password: 's3cret',
  cert: 'CERT',
};

test('use-buildset-registry: docker user config auths merge (YAML block dict literal + combine)', () => {
  const facts: Record<string, unknown> = {};
  const job = createScope([{ buildset_registry: buildsetRegistry }, facts]);
  facts.buildset_registry_alias = renderValue('zuul-jobs.buildset-registry', job);
  facts.docker_config = { auths: { 'quay.io': { auth: 'old' } } };
  job.invalidate();
  const task = job.child({
    new_config: {
      auths:
        '{\n  "{{ buildset_registry_alias }}:{{ buildset_registry.port }}":\n' +
        '    {"auth": "{{ (buildset_registry.username + ":" + buildset_registry.password) | b64encode }}"}\n}\n',
    },
  });
  const merged = renderValue('{{ docker_config | combine(new_config, recursive=True) }}', task);
  expect(merged).toEqual({
    auths: {
      'quay.io': { auth: 'old' },
      'zuul-jobs.buildset-registry:5000': { auth: Buffer.from('zuul:s3cret').toString('base64') },
    },
  });
  // `content: "{{ docker_config | to_nice_json }}"`: to_nice_json's result stays text
  // (NativeJinjaText), the module gets the JSON document
  const text = renderValue('{{ merged | to_nice_json }}', job.child({ merged }));
  expect(typeof text).toBe('string');
  expect(JSON.parse(text as string)).toEqual(merged);
  expect(
    JSON.parse(
      (renderValue('\n{{ merged | to_nice_json }}', job.child({ merged })) as string).trim(),
    ),
  ).toEqual(merged);
});

test('use-buildset-registry: ipaddr conditions and registry-mirrors list literal', () => {
  const s = createScope([
    { buildset_registry: buildsetRegistry, docker_config: { 'registry-mirrors': [] } },
  ]);
  expect(evaluateCondition('buildset_registry.host | ipaddr', s)).toBe(true);
  expect(evaluateCondition('not ( buildset_registry.host | ipaddr )', s)).toBe(false);
  const task = s.child({
    buildset_registry_alias: 'zuul-jobs.buildset-registry',
    new_config: {
      'registry-mirrors': "['https://{{ buildset_registry_alias }}:{{ buildset_registry.port }}/']",
    },
  });
  expect(renderValue('{{ docker_config | combine(new_config) }}', task)).toEqual({
    'registry-mirrors': ['https://zuul-jobs.buildset-registry:5000/'],
  });
  const named = createScope([
    { buildset_registry: { ...buildsetRegistry, host: 'registry.example' } },
  ]);
  expect(evaluateCondition('buildset_registry.host | ipaddr', named)).toBe(false);
});

test('use-buildset-registry: failed_when with `not ... in`', () => {
  const s = createScope([
    { docker_restart: { failed: true, msg: 'Could not find the requested service docker' } },
  ]);
  expect(
    evaluateCondition(
      "docker_restart is failed and not 'Could not find the requested service' in docker_restart.msg",
      s,
    ),
  ).toBe(false);
});

test('upload-container-image: promote tag prefix per item type, credentials indexed by an expression', () => {
  const creds = { 'quay.io': { username: 'u', password: 'p' } };
  const base = {
    container_command: 'docker',
    upload_container_image_promote: true,
    container_registry_credentials: creds,
    zj_image: { registry: 'quay.io', repository: 'quay.io/org/app', tags: ['1.0', 'latest'] },
  };
  const change = createScope([{ ...base, zuul: { change: '123', pipeline: 'gate' } }]);
  const tag = createScope([{ ...base, zuul: { pipeline: 'release' } }]);
  const taskVars = {
    promote_tag_prefix:
      "{{ ('change_' + zuul.change) if (zuul.change is defined) else zuul.pipeline }}_",
  };
  const command =
    "{{ container_command }} push {{ zj_image.repository }}:{{ upload_container_image_promote | ternary(promote_tag_prefix, '') }}{{ zj_image_tag }}";
  const loop = renderValue("{{ zj_image.tags | default(['latest']) }}", change) as string[];
  expect(loop).toEqual(['1.0', 'latest']);
  expect(
    loop.map((t) => renderValue(command, change.child({ ...taskVars, zj_image_tag: t }))),
  ).toEqual([
    'docker push quay.io/org/app:change_123_1.0',
    'docker push quay.io/org/app:change_123_latest',
  ]);
  expect(renderValue(command, tag.child({ ...taskVars, zj_image_tag: 'x' }))).toBe(
    'docker push quay.io/org/app:release_x',
  );
  expect(
    renderValue('{{ container_registry_credentials[zj_image.registry].username }}', change),
  ).toBe('u');
  expect(evaluateCondition('result.rc == 0', change.child({ result: { rc: 0 } }))).toBe(true);
});

test('build-container-image: arch selection, siblings, docker.io stripping, tag defaults', () => {
  const s = createScope([
    {
      container_images: [
        {
          context: '.',
          repository: 'docker.io/org/a',
          arch: ['linux/amd64', 'linux/arm64'],
          siblings: ['opendev/x'],
        },
        { context: 'b', repository: 'quay.io/org/b' },
      ],
      zuul: { projects: { 'opendev.org/opendev/x': { src_dir: 'src/opendev.org/opendev/x' } } },
    },
  ]);
  expect(
    renderValue("{{ container_images | selectattr('arch', 'defined') | list | length }}", s),
  ).toBe('1');
  expect(
    renderValue(
      "{{ container_images | map(attribute='repository') | map('regex_replace', '^docker\\.io/', '') | list }}",
      s,
    ),
  ).toEqual(['org/a', 'quay.io/org/b']);
  const item = s.child({ zj_image: { context: 'b', repository: 'quay.io/org/b' } });
  expect(renderValue("{{ zj_image.tags | default(['latest']) }}", item)).toEqual(['latest']);
  expect(renderValue("{{ zj_image.arch | default([]) | join(',') }}", item)).toBe('');
  expect(renderValue("x{{ zj_image.siblings | default([]) | join(' ') }}", item)).toBe('x');
});
