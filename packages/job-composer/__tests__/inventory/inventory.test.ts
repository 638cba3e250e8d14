import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinJobsSource, loadConfig } from '../../src/config';
import { freezeJob } from '../../src/freeze';
import {
  InventoryError,
  makeInventory,
  playbookSecrets,
  readInventory,
  withoutSecretKeys,
  writeInventory,
  type NodeInfo,
} from '../../src/inventory';
import { buildZuulDict } from '../../src/zuul';
import { Unsafe } from '@zuul-ts/templating';
import { tree } from '../config/helpers';
import { SITE_PIPELINES } from '@zuul-ts/testing';

const dir = tree({
  'zuul.yaml': `
- nodeset:
    name: pair
    nodes:
      - {name: controller, label: ubuntu-noble}
      - {name: [compute1, compute2], label: ubuntu-noble}
    groups:
      - {name: zeta, nodes: [controller]}
      - {name: alpha, nodes: [controller, compute1]}
- secret:
    name: creds
    data: {quay.io: {username: robot, password: s3cret}}
- job:
    name: multi
    parent: build-container-image
    nodeset: pair
    vars: {layer: job, only_job: 1, deep: {a: 1}}
    group-vars:
      all: {layer: group-all, only_all: 1}
      alpha: {layer: group-alpha, deep: {b: 2}}
      zeta: {layer: group-zeta}
    host-vars:
      controller: {layer: host, ansible_port: 2222}
    extra-vars: {layer_extra: extra}
- job:
    name: app-upload
    parent: upload-container-image
    vars: {container_registry_credentials: shadowed-by-secret, keep: 1}
    secrets:
      - {name: container_registry_credentials, secret: creds, pass-to-parent: true}
- project:
    vars: {layer: project, only_project: 1}
`,
});
const config = loadConfig([
  builtinJobsSource(),
  { path: SITE_PIPELINES, project: 'site/config', trusted: true },
  { path: join(dir, 'zuul.yaml'), project: 'org/app' },
]);
const ctx = {
  project: { name: 'org/app' },
  pipeline: 'gate',
  change: '5',
  patchset: '1',
  branch: 'main',
  jobDir: '/jobs/x',
};

/** Freezes `job` for org/app on main in `pipeline`. */
const freezeApp = (job: string, pipeline = 'gate') =>
  freezeJob(config, job, { project: 'org/app', pipeline, branch: 'main' });

function nodes(): NodeInfo[] {
  return ['controller', 'compute1', 'compute2'].map((name, i) => ({
    name,
    label: 'ubuntu-noble',
    interfaceIp: `10.0.0.${i + 1}`,
    username: 'ubuntu',
    hostKeys: name === 'compute2' ? [] : ['ssh-ed25519 AAAA'],
    provider: 'local',
  }));
}

describe('makeInventory (make_inventory_dict)', () => {
  const frozen = freezeApp('multi');
  const zuul = buildZuulDict(frozen, ctx);
  const inv = makeInventory(frozen, zuul, nodes());

  test('hosts, groups and zuul_unreachable', () => {
    expect(Object.keys(inv.all.hosts)).toEqual(['controller', 'compute1', 'compute2']);
    expect(inv.all.children).toEqual({
      zeta: { hosts: { controller: null } },
      alpha: { hosts: { controller: null, compute1: null } },
      zuul_unreachable: { hosts: {} },
    });
  });

  test.each([
    // host, expected `layer` (top-level replace: later layer wins), deep (no deep merge)
    ['controller', 'host', { b: 2 }],
    ['compute1', 'group-alpha', { b: 2 }],
    ['compute2', 'group-all', { a: 1 }],
  ])(
    'squash order for %s: job < group all < groups by name < host vars < extra vars',
    (host, layer, deep) => {
      const v = inv.all.hosts[host];
      expect(v.layer).toBe(layer);
      expect(v.deep).toEqual(deep);
      expect(v).toMatchObject({ only_job: 1, only_project: 1, only_all: 1, layer_extra: 'extra' });
    },
  );

  test('connection vars override host-vars; nodepool and zuul.node; StrictHostKeyChecking only without host keys', () => {
    const c = inv.all.hosts.controller;
    expect(c).toMatchObject({
      ansible_host: '10.0.0.1',
      ansible_port: 22,
      ansible_user: 'ubuntu',
      ansible_python_interpreter: 'auto',
    });
    expect(c).not.toHaveProperty('ansible_connection');
    expect(c).not.toHaveProperty('ansible_ssh_common_args');
    expect(inv.all.hosts.compute2.ansible_ssh_common_args).toBe('-o StrictHostKeyChecking=false');
    expect(c.nodepool).toEqual({
      label: 'ubuntu-noble',
      az: null,
      cloud: null,
      provider: 'local',
      region: null,
      host_id: null,
      external_id: null,
      slot: null,
      interface_ip: '10.0.0.1',
      public_ipv4: null,
      private_ipv4: null,
      public_ipv6: null,
      private_ipv6: null,
      node_properties: {},
    });
    expect(c.zuul).toEqual({ node: c.nodepool });
  });

  test('all.vars: what localhost sees (job vars, group-vars all, extra vars) plus zuul', () => {
    expect(inv.all.vars).toEqual({
      layer: 'group-all',
      only_job: 1,
      only_project: 1,
      deep: { a: 1 },
      only_all: 1,
      layer_extra: 'extra',
      zuul,
    });
    expect(
      makeInventory(frozen, zuul, nodes(), { includeZuul: false }).all.vars,
    ).not.toHaveProperty('zuul');
  });

  test('parent data and include-vars are deep-merged under job vars', () => {
    const withParent = makeInventory(frozen, zuul, nodes(), {
      parentData: { deep: { p: 0 }, from_parent: 1 },
      includeVarsData: { deep: { i: 0 } },
    });
    expect(withParent.all.vars).toMatchObject({ deep: { p: 0, i: 0, a: 1 }, from_parent: 1 });
  });

  test('default nodes: every nodeset host is the local machine', () => {
    const local = makeInventory(frozen, zuul);
    expect(local.all.hosts.compute1).toMatchObject({
      ansible_host: '127.0.0.1',
      ansible_connection: 'local',
      ansible_user: 'zuul',
    });
  });

  test('executor-only job: no hosts, only zuul_unreachable', () => {
    const promote = freezeApp('promote-container-image', 'promote');
    const p = makeInventory(promote, buildZuulDict(promote, { ...ctx, pipeline: 'promote' }));
    expect(p.all.hosts).toEqual({});
    expect(p.all.children).toEqual({ zuul_unreachable: { hosts: {} } });
  });
});

describe('secrets beside the inventory', () => {
  const frozen = freezeApp('app-upload');
  const zuul = buildZuulDict(frozen, ctx);
  const upload = frozen.postRun[0];

  test('secrets win: same-named keys leave the per-playbook inventory; parent secret_data only where nothing else defines it', () => {
    const secrets = playbookSecrets(
      frozen,
      upload,
      {},
      { buildset_registry: { host: 'h' }, keep: 'dropped' },
    );
    expect(secrets).toEqual({
      buildset_registry: { host: 'h' },
      container_registry_credentials: { 'quay.io': { username: 'robot', password: 's3cret' } },
    });
    const inv = withoutSecretKeys(makeInventory(frozen, zuul), secrets);
    for (const v of [inv.all.vars, ...Object.values(inv.all.hosts)]) {
      expect(v).not.toHaveProperty('container_registry_credentials');
      expect(v.keep).toBe(1);
    }
  });

  test('plaintext values supplied by the runner replace the stanza data', () => {
    expect(
      playbookSecrets(frozen, upload, { creds: { 'quay.io': { username: 'u', password: 'p' } } })
        .container_registry_credentials,
    ).toEqual({ 'quay.io': { username: 'u', password: 'p' } });
  });

  test('writeInventory/readInventory round trip; secrets file is group_vars/all.yaml, 0600, strings !unsafe', () => {
    const out = tree({});
    const path = join(out, 'ansible', 'playbook_0', 'inventory.yaml');
    const secrets = playbookSecrets(frozen, upload);
    const inv = withoutSecretKeys(makeInventory(frozen, zuul), secrets);
    writeInventory(path, inv, secrets);
    const secretsFile = join(out, 'ansible', 'playbook_0', 'group_vars', 'all.yaml');
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(secretsFile, 'utf8')).toContain('password: !unsafe s3cret');
    expect(readFileSync(path, 'utf8')).not.toContain('s3cret');
    expect(readInventory(path)).toEqual({ inventory: JSON.parse(JSON.stringify(inv)), secrets });
  });

  test('reads a Zuul-written inventory (null hosts in groups, !unsafe strings) and rejects one without all', () => {
    const out = tree({
      'inventory.yaml':
        'all:\n  hosts:\n    node:\n      ansible_host: 1.2.3.4\n      msg: !unsafe "{{ not templated }}"\n  vars:\n    zuul: {build: abc}\n  children:\n    zuul_unreachable:\n      hosts: {}\n    g:\n      hosts:\n        node:\n',
      'bad.yaml': 'hosts: {}\n',
    });
    const { inventory, secrets } = readInventory(join(out, 'inventory.yaml'));
    expect(inventory.all.hosts.node.msg).toBe('{{ not templated }}');
    expect(inventory.all.children.g).toEqual({ hosts: { node: null } });
    expect(secrets).toEqual({});
    expect(() => readInventory(join(out, 'bad.yaml'))).toThrow(InventoryError);
    expect(() => readInventory(join(out, 'bad.yaml'))).toThrow(
      /bad\.yaml: not a Zuul inventory: it has no "all" group/,
    );
    writeFileSync(join(out, 'empty.yaml'), '');
    expect(() => readInventory(join(out, 'empty.yaml'))).toThrow(/no "all" group/);
  });
});

describe('readInventory unsafe option', () => {
  test('wrap: !unsafe strings become templating Unsafe values (never rendered)', () => {
    const out = tree({
      'inventory.yaml':
        'all:\n  hosts: {}\n  vars:\n    msg: !unsafe "{{ literal }}"\n    plain: "{{ x }}"\n',
    });
    const { inventory } = readInventory(join(out, 'inventory.yaml'), { unsafe: 'wrap' });
    expect(inventory.all.vars.msg).toEqual(new Unsafe('{{ literal }}'));
    expect(inventory.all.vars.plain).toBe('{{ x }}');
  });
});

describe('runtime inventory unsafe_vars (2.4)', () => {
  test('each host and all.vars carry unsafe_vars, written !unsafe and read back as Unsafe with wrap', () => {
    const frozen = freezeApp('multi');
    const inv = makeInventory(frozen, buildZuulDict(frozen, ctx), nodes(), {
      includeZuul: false,
      unsafeVars: true,
    });
    const { unsafe_vars: unsafeVars, ...rest } = inv.all.hosts.controller;
    expect(unsafeVars).toEqual(rest);
    const path = join(tree({}), 'inventory.yaml');
    writeInventory(path, inv);
    expect(readFileSync(path, 'utf8')).toMatch(/unsafe_vars:\n(\s+.*\n)*?\s+layer: !unsafe host/);
    expect(readInventory(path).inventory.all.hosts.controller.unsafe_vars).toEqual(rest);
    const wrapped = readInventory(path, { unsafe: 'wrap' }).inventory.all.hosts.controller;
    expect((wrapped.unsafe_vars as Record<string, unknown>).layer).toEqual(new Unsafe('host'));
    expect(wrapped.layer).toBe('host');
  });
});
