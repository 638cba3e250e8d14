import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPlaybook } from '@zuul-ts/job-composer';
import { RegistryClient } from '@zuul-ts/registry';
import {
  pushTestImage,
  registryClientFor,
  startRegistry,
  type RegistryServer,
} from '@zuul-ts/testing';
import { CommandLineWatch } from '../src';
import { recent, run, uniq, useProxiedRegistry, useSuite, zuulVars } from './harness';

jest.setTimeout(180000);

// Issue 8 "Secrets": nothing secret in any output, file or command line; ~/.docker/config.json
// untouched by every role; TLS and plain-HTTP rules.
const { scanner, summary } = useSuite('secrets');
const env = useProxiedRegistry(11);
const PASSWORD = 'sekrit-Pw-93c1f0a7';
const TOKEN = 'tok-5e0d1c2b3a49f8e7';

let tls: RegistryServer;
let tlsClient: RegistryClient;
let home: string;
const configBytes =
  '{"auths":{"example.org":{"auth":"ZXhhbXBsZTpub3QtcmVhbA=="}},"credsStore":""}\n';
let savedHome: string | undefined;
let savedDockerConfig: string | undefined;

beforeAll(async () => {
  tls = await startRegistry({ flavour: 'tls-auth' });
  tlsClient = registryClientFor(tls);
  scanner.addCredential('zuul', PASSWORD, env.proxy.host);
  scanner.addCredential(tls.username!, tls.password!, tls.host);
  scanner.addSecret(TOKEN, 'api token');
  // HOME and DOCKER_CONFIG point at a temp dir holding a known config.json.
  home = mkdtempSync(join(tmpdir(), 'zuul-ts-rel-home-'));
  mkdirSync(join(home, '.docker'));
  writeFileSync(join(home, '.docker', 'config.json'), configBytes);
  savedHome = process.env.HOME;
  savedDockerConfig = process.env.DOCKER_CONFIG;
  process.env.HOME = home;
  process.env.DOCKER_CONFIG = join(home, '.docker');
});
afterAll(async () => {
  process.env.HOME = savedHome;
  if (savedDockerConfig === undefined) delete process.env.DOCKER_CONFIG;
  else process.env.DOCKER_CONFIG = savedDockerConfig;
  rmSync(home, { recursive: true, force: true });
  tlsClient.close();
  await tls.stop();
});

/** Every file under HOME with its bytes. */
function homeFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(home, { recursive: true, withFileTypes: true }))
    if (e.isFile())
      out[join(e.parentPath, e.name)] = readFileSync(join(e.parentPath, e.name), 'latin1');
  return out;
}

const creds = () => ({
  [env.proxy.host]: { username: 'zuul', password: PASSWORD },
  'quay.io': { username: 'robot', password: PASSWORD, api_token: TOKEN, type: 'quay' },
});

describe('no credential on disk or on a command line; nothing secret in any output', () => {
  let roleRuns = 0;
  let commandLines = 0;
  const homeBefore = () => homeFiles();

  test.each([
    ['promote-container-image', 'tag'],
    ['promote-container-image', 'with cleanup of old change tags'],
    ['remove-registry-tag', 'regex'],
  ])('%s (%s): config.json byte-identical, no secret in /proc/*/cmdline', async (role, variant) => {
    const repo = `${env.proxy.host}/${uniq('sec')}`;
    const directRepo = repo.replace(env.proxy.host, env.registry.host);
    await pushTestImage(env.direct, `${directRepo}:change_12345_latest`, { created: recent() });
    const before = homeBefore();
    const watch = new CommandLineWatch([
      PASSWORD,
      TOKEN,
      Buffer.from(`zuul:${PASSWORD}`).toString('base64'),
    ]);
    watch.start();
    const vars =
      role === 'remove-registry-tag'
        ? {
            remove_registry_tag_repository: repo,
            remove_registry_tag_regex: '^change_12345_',
            container_registry_credentials: creds(),
          }
        : {
            zuul: zuulVars(),
            container_images: [{ repository: repo, registry: env.proxy.host, tags: ['latest'] }],
            container_registry_credentials: creds(),
            ...(variant.startsWith('with cleanup')
              ? { promote_container_image_cleanup_regex: '^change_' }
              : {}),
          };
    const resultDir = mkdtempSync(join(tmpdir(), 'zuul-ts-rel-results-'));
    try {
      const res = await run(scanner, role, vars, { resultFile: join(resultDir, 'results.json') });
      watch.stop();
      scanner.captureFiles('results', resultDir);
      expect(res.error).toBeUndefined();
    } finally {
      watch.stop();
      rmSync(resultDir, { recursive: true, force: true });
    }
    expect(homeFiles()).toEqual(before);
    expect(watch.hits()).toEqual([]);
    roleRuns++;
    commandLines += watch.commandLines.length;
  });

  test('the real CLI (zuul-ts role … -e @- --json) in a child process: stdout, stderr, results.json', async () => {
    const repo = `${env.proxy.host}/${uniq('sec-cli')}`;
    const directRepo = repo.replace(env.proxy.host, env.registry.host);
    await pushTestImage(env.direct, `${directRepo}:change_12345_latest`, { created: recent() });
    const before = homeFiles();
    const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-rel-cli-'));
    const watch = new CommandLineWatch([PASSWORD, TOKEN]);
    watch.start();
    const cliRun = (vars: unknown, extra: string[] = []) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(
          process.execPath,
          [
            join(
              __dirname,
              '..',
              '..',
              'intermediate-registry',
              '__tests__',
              'fixtures',
              'run-cli.js',
            ),
            'role',
            'promote-container-image',
            '-e',
            '@-',
            '--result-file',
            join(dir, 'results.json'),
            ...extra,
          ],
          {
            timeout: 120000,
            env: { ...process.env, HOME: home, DOCKER_CONFIG: join(home, '.docker') },
          },
          (err, stdout, stderr) =>
            resolve({
              code: err ? Number((err as { code?: number }).code ?? 1) : 0,
              stdout,
              stderr,
            }),
        );
        child.stdin?.end(JSON.stringify(vars));
      });
    const vars = {
      zuul: zuulVars(),
      container_images: [{ repository: repo, registry: env.proxy.host, tags: ['latest'] }],
      container_registry_credentials: creds(),
    };
    const ok = await cliRun(vars, ['--json']);
    // A failing run too: the error path must not leak either (wrong password is a secret too).
    const failing = await cliRun({
      ...vars,
      container_images: [{ repository: `${repo}-missing`, registry: env.proxy.host }],
    });
    watch.stop();
    for (const [label, r] of [
      ['ok', ok],
      ['failing', failing],
    ] as const) {
      scanner.capture(`cli ${label} stdout`, r.stdout);
      scanner.capture(`cli ${label} stderr`, r.stderr);
    }
    scanner.captureFiles('cli results', dir);
    rmSync(dir, { recursive: true, force: true });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/"kind":"role","phase":"end"[^\n]*"status":"ok"/);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain('change tag not found');
    expect(homeFiles()).toEqual(before);
    expect(watch.hits()).toEqual([]);
    commandLines += watch.commandLines.length;
    summary.record({
      section: 'Secrets',
      case: 'credentials never on disk (config.json byte-identical) nor on a command line',
      cases: roleRuns + 2,
      jobsCompleted: roleRuns + 1,
      jobsFailedCleanly: 1,
      secretHits: 0,
      note: `${commandLines} distinct command lines sampled from /proc`,
    });
  });
});

test('no_log: true tasks print nothing of their variables', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-rel-nolog-'));
  const value = 'nolog-plain-value-61b7';
  scanner.addSecret(value, 'no_log variable');
  try {
    writeFileSync(
      join(dir, 'pb.yaml'),
      [
        '- hosts: localhost',
        '  vars:',
        `    hidden: ${value}`,
        '  tasks:',
        '    - debug:',
        '        msg: "the value is {{ hidden }}"',
        '      no_log: true',
        '    - set_fact:',
        '        derived: "{{ hidden }}-x"',
        '      no_log: true',
        '    - debug:',
        '        var: derived',
        '    - fail:',
        '        msg: "failing with {{ hidden }}"',
        '      no_log: true',
      ].join('\n') + '\n',
    );
    const res = await runPlaybook({ playbooks: [join(dir, 'pb.yaml')] });
    const events = (res.events ?? []).map((e) => JSON.stringify(e)).join('\n');
    scanner.capture('no_log events', events);
    scanner.capture('no_log error', res.error);
    expect(res.ok).toBe(false);
    expect(events).not.toContain(value);
    expect(String(res.error?.message)).not.toContain(value);
    summary.record({
      section: 'Secrets',
      case: 'no_log: true (debug, set_fact, fail)',
      cases: 3,
      secretHits: 0,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('TLS and plain HTTP', () => {
  test('a registry with a certificate from an unknown CA is refused unless its CA is configured', async () => {
    const repo = `${tls.host}/${uniq('tls')}`;
    await pushTestImage(tlsClient, `${repo}:change_12345_latest`, { created: recent() });
    const vars = {
      zuul: zuulVars(),
      container_images: [{ repository: repo, registry: tls.host, tags: ['latest'] }],
      container_registry_credentials: {
        [tls.host]: { username: tls.username, password: tls.password },
      },
    };
    const refused = await run(scanner, 'promote-container-image', vars);
    expect(refused.ok).toBe(false);
    expect(refused.error?.message).toMatch(/certificate|self.signed|issuer/i);
    expect(refused.error?.message).toContain(tls.host);
    expect(await tlsClient.headManifest(`${repo}:latest`)).toBeUndefined();

    const trusted = await run(scanner, 'promote-container-image', {
      ...vars,
      container_registry_ca: { [tls.host]: tls.ca },
    });
    expect(trusted.error).toBeUndefined();
    expect(await tlsClient.headManifest(`${repo}:latest`)).toBeDefined();
    summary.record({
      section: 'Secrets',
      case: 'TLS: unknown CA refused; configured CA accepted',
      cases: 2,
      jobsCompleted: 1,
      jobsFailedCleanly: 1,
      secretHits: 0,
      note: (refused.error?.message ?? '').split('\n')[0].slice(0, 160),
    });
  });

  test('plain HTTP is refused for a non-loopback host not listed as insecure (before connecting)', async () => {
    const seen: string[] = [];
    const client = new RegistryClient({
      endpoints: { 'registry.example.test': `http://192.0.2.1:${env.registry.port}` },
      credentials: [{ registry: 'registry.example.test', username: 'zuul', password: PASSWORD }],
      onRequest: (i) => seen.push(i.url),
    });
    let error: Error | undefined;
    try {
      await client.headManifest('registry.example.test/org/x:latest');
    } catch (e) {
      error = e as Error;
    } finally {
      client.close();
    }
    scanner.capture('plain http error', error);
    expect(error?.message).toMatch(/plain HTTP|insecure/i);
    expect(error?.message).toContain('registry.example.test');
    expect(seen).toEqual([]);

    // Listed as insecure: the plain-HTTP endpoint is used (a loopback one here, reachable).
    const allowed = new RegistryClient({
      endpoints: { 'registry.example.test': `http://${env.registry.host}` },
      insecure: ['registry.example.test'],
    });
    try {
      expect(await allowed.headManifest('registry.example.test/org/none:latest')).toBeUndefined();
    } finally {
      allowed.close();
    }
    summary.record({
      section: 'Secrets',
      case: 'plain HTTP refused for non-loopback, non-insecure hosts',
      cases: 2,
      jobsCompleted: 1,
      jobsFailedCleanly: 1,
      secretHits: 0,
      note: (error?.message ?? '').slice(0, 160),
    });
  });
});
