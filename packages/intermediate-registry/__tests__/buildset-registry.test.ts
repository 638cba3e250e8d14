import { existsSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { RoleFailure } from '@zuul-ts/role-kit';
import { RegistryClient, StaticCredentialStore, freePort } from '@zuul-ts/registry';
import { pushTestImage } from '@zuul-ts/testing';
import { roles, type BuildsetRegistryVar } from '../src';
import { runRole, tempDir, useNodeDir } from './helpers';

const run = roles.find((r) => r.name === 'run-buildset-registry')!;
const stop = roles.find((r) => r.name === 'stop-buildset-registry')!;
const pause = roles.find((r) => r.name === 'pause-buildset-registry')!;

/** GET /v2/ over TLS, verifying the certificate for `servername`. */
function getV2(port: number, ca: string, servername: string, auth?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/v2/',
        servername,
        ca,
        headers: auth ? { authorization: auth } : {},
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** True while `pid` runs (a zombie waiting to be reaped counts as ended). */
function alive(pid: number): boolean {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z');
  } catch {
    return false;
  }
}

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe('run-buildset-registry / stop-buildset-registry', () => {
  const { userDir, root } = useNodeDir('zuul-ts-node-');

  test('starts a detached TLS + htpasswd registry, returns buildset_registry as secret_data, stop stops it', async () => {
    const port = await freePort();
    const ctx = await runRole(run, {
      ansible_user_dir: userDir,
      ansible_host: '127.0.0.1',
      buildset_registry_port: port,
    });

    expect(ctx.returned).toHaveLength(1);
    expect(ctx.returned[0].data).toBeUndefined();
    const reg = (ctx.returned[0].secret_data as { buildset_registry: BuildsetRegistryVar })
      .buildset_registry;
    expect(Object.keys(reg).sort()).toEqual(['cert', 'host', 'password', 'port', 'username']);
    expect(reg).toMatchObject({ host: '127.0.0.1', port, username: 'zuul' });
    expect(reg.cert).toContain('BEGIN CERTIFICATE');
    expect(reg.password!.length).toBeGreaterThanOrEqual(32);
    expect(JSON.stringify(ctx.logs)).not.toContain(reg.password!);

    // The certificate is valid for the alias, the node's host and 127.0.0.1.
    for (const name of ['zuul-jobs.buildset-registry', '127.0.0.1', 'localhost'])
      expect(await getV2(port, reg.cert!, name, basic('zuul', reg.password!))).toBe(200);
    await expect(getV2(port, reg.cert!, 'other.example.org')).rejects.toThrow(/altnames|Hostname/i);
    // htpasswd: nothing without the password (distribution grants no anonymous pull tokens).
    expect(await getV2(port, reg.cert!, '127.0.0.1')).toBe(401);
    expect(await getV2(port, reg.cert!, '127.0.0.1', basic('zuul', 'nope'))).toBe(401);

    // A real push and read with exactly the returned values.
    const location = `127.0.0.1:${port}`;
    const client = new RegistryClient({
      credentials: new StaticCredentialStore([
        { registry: location, username: reg.username, password: reg.password },
      ]),
      ca: { [location]: reg.cert! },
    });
    const img = await pushTestImage(client, `${location}/quay.io/org/app:latest`);
    expect((await client.headManifest(`${location}/quay.io/org/app:latest`))?.digest).toBe(
      img.digest,
    );
    const anonymous = new RegistryClient({
      credentials: new StaticCredentialStore([]),
      ca: { [location]: reg.cert! },
    });
    await expect(anonymous.headManifest(`${location}/quay.io/org/app:latest`)).rejects.toThrow();

    // Detached: its own session (outlives a CLI process), pid file under the root.
    const pid = Number(readFileSync(join(root, 'registry.pid'), 'utf8'));
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    expect(Number(fields[3])).toBe(pid); // session id == pid: setsid'd
    // Output goes to the root's log file, not to a pipe of the process that started it.
    expect(readlinkSync(`/proc/${pid}/fd/1`)).toBe(join(root, 'registry.log'));
    // The password is stored nowhere in the root (htpasswd holds a bcrypt hash).
    expect(readFileSync(join(root, 'auth', 'htpasswd'), 'utf8')).not.toContain(reg.password!);

    // A second start from the same root fails instead of orphaning the first registry.
    await expect(
      runRole(run, {
        ansible_user_dir: userDir,
        ansible_host: '127.0.0.1',
        buildset_registry_port: await freePort(),
      }),
    ).rejects.toThrow(RoleFailure);

    const stopped = await runRole(stop, { ansible_user_dir: userDir });
    expect(stopped.operations).toEqual([
      { kind: 'registry.stop', target: root, detail: { keepStorage: false } },
    ]);
    expect(alive(pid)).toBe(false);
    await expect(getV2(port, reg.cert!, '127.0.0.1')).rejects.toThrow();
    expect(existsSync(root)).toBe(false);
    // Stopping again is fine.
    await runRole(stop, { ansible_user_dir: userDir });
  });

  test('bad variables are named', async () => {
    await expect(
      runRole(run, { ansible_user_dir: userDir, buildset_registry_port: 70000 }),
    ).rejects.toThrow(/buildset_registry_port/);
    await expect(runRole(run, { buildset_registry_root: 'relative/dir' })).rejects.toThrow(
      /buildset_registry_root/,
    );
  });

  test('stop leaves unrelated files of a mistyped root alone', async () => {
    const dir = tempDir('zuul-ts-notregistry-');
    writeFileSync(join(dir, 'precious.txt'), 'keep me');
    await runRole(stop, { buildset_registry_root: dir });
    expect(readFileSync(join(dir, 'precious.txt'), 'utf8')).toBe('keep me');
  });
});

describe('pause-buildset-registry', () => {
  test('pauses when buildset_registry is not defined', async () => {
    const ctx = await runRole(pause, {});
    expect(ctx.returned).toEqual([{ data: { zuul: { pause: true } } }]);
  });
  test('does nothing when buildset_registry is defined', async () => {
    const ctx = await runRole(pause, { buildset_registry: { host: 'h', port: 5000 } });
    expect(ctx.returned).toEqual([]);
  });
});

test('run-buildset-registry dry run: plans the start, returns the location without secrets, starts nothing', async () => {
  const userDir = tempDir('zuul-ts-node-dry-');
  const ctx = await runRole(
    run,
    { ansible_user_dir: userDir, ansible_host: '2001:db8::5', buildset_registry_port: 5000 },
    true,
  );
  expect(ctx.operations).toEqual([
    {
      kind: 'registry.start',
      target: '[2001:db8::5]:5000',
      detail: { root: join(userDir, 'buildset_registry') },
    },
  ]);
  expect(ctx.returned).toEqual([
    {
      secret_data: {
        buildset_registry: {
          host: '2001:db8::5',
          port: 5000,
          username: 'zuul',
          password: '',
          cert: '',
        },
      },
    },
  ]);
  expect(existsSync(join(userDir, 'buildset_registry'))).toBe(false);
});
