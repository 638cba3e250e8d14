import {
  ContainerEngine,
  EngineError,
  encodeRegistryAuth,
  encodeRegistryConfig,
} from '@zuul-ts/engine';
import { BUSYBOX_PRELUDE, startRegistry, tempDir, uid, writeTree } from '@zuul-ts/testing';
import type { RegistryServer } from '@zuul-ts/testing';
import { request } from 'node:https';

jest.setTimeout(240000);

/** The registry's own answer for a manifest digest (HEAD with basic auth and the test CA). */
function headDigest(reg: RegistryServer, repo: string, tag: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${reg.url}/v2/${repo}/manifests/${tag}`,
      {
        method: 'HEAD',
        ca: reg.ca,
        headers: {
          Authorization: `Basic ${Buffer.from(`${reg.username}:${reg.password}`).toString('base64')}`,
          Accept: [
            'application/vnd.oci.image.index.v1+json',
            'application/vnd.docker.distribution.manifest.list.v2+json',
            'application/vnd.oci.image.manifest.v1+json',
            'application/vnd.docker.distribution.manifest.v2+json',
          ].join(', '),
        },
      },
      (res) => {
        res.resume();
        resolve(
          res.statusCode === 200 ? (res.headers['docker-content-digest'] as string) : undefined,
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test('X-Registry-Auth is base64url with padding', () => {
  // 1 byte over a multiple of 3 forces '==' padding; '?>' bytes force '-'/'_' in the alphabet.
  const value = encodeRegistryAuth({ username: 'u', password: '>>>??', serveraddress: 'h:1' });
  expect(value).toMatch(/^[A-Za-z0-9_-]+=*$/);
  expect(value.length % 4).toBe(0);
  expect(
    JSON.parse(Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString()),
  ).toEqual({
    username: 'u',
    password: '>>>??',
    serveraddress: 'h:1',
  });
  expect(encodeRegistryAuth(undefined)).toBe(Buffer.from('{}').toString('base64'));
});

test('X-Registry-Config is base64url with padding, keyed by registry', () => {
  const value = encodeRegistryConfig([{ username: 'u', password: '>>>??', serveraddress: 'h:1' }]);
  expect(value).toMatch(/^[A-Za-z0-9_-]+=*$/);
  expect(
    JSON.parse(Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString()),
  ).toEqual({
    'h:1': { username: 'u', password: '>>>??', serveraddress: 'h:1' },
  });
});

describe.each(['docker', 'podman'] as const)('%s engine adapter', (kind) => {
  let engine: ContainerEngine;
  let reg: RegistryServer;
  const created: string[] = [];

  beforeAll(async () => {
    engine = await ContainerEngine.connect({ kind });
    reg = await startRegistry({ flavour: 'tls-auth' });
  });
  afterAll(async () => {
    for (const ref of created) await engine.remove(ref, { force: true, noprune: true });
    await reg.stop();
  });

  test('reports engine name, version and pinned API version', () => {
    expect(engine.info.kind).toBe(kind);
    expect(engine.info.version).toMatch(/^\d+\.\d+/);
    expect(engine.info.apiVersion).toMatch(/^1\.\d+$/);
  });

  test('builds from a streamed context honouring .dockerignore, tags, labels, pushes with digest', async () => {
    const dir = tempDir();
    writeTree(dir, {
      busybox: '@busybox',
      'keep/a.txt': 'a',
      'skip/b.txt': 'b',
      'skip/again.txt': 'again',
      'secret.key': 'k',
      '.dockerignore': 'skip\nsecret.key\n!skip/again.txt\n',
      Dockerfile: `${BUSYBOX_PRELUDE}\nCOPY . /ctx\nRUN test -f /ctx/keep/a.txt && test ! -e /ctx/skip/b.txt && test -f /ctx/skip/again.txt && test ! -e /ctx/secret.key\n`,
    });
    const name = `${reg.host}/engine/${kind}-${uid()}`;
    created.push(`${name}:one`, `${name}:two`);
    const lines: string[] = [];
    const { imageId } = await engine.build({
      contextDir: dir,
      dockerfile: `${dir}/Dockerfile`,
      tags: [`${name}:one`],
      labels: { 'x.y': 'z' },
      onProgress: (l) => lines.push(l),
    });
    expect(lines.some((l) => /(Step|STEP) \d+\/\d+ ?: RUN test -f/.test(l))).toBe(true);
    const details = await engine.inspect(`${name}:one`);
    expect(details?.id).toBe(imageId);
    expect(details?.labels['x.y']).toBe('z');

    await engine.tag(`${name}:one`, `${name}:two`);
    expect((await engine.inspect(`${name}:two`))?.id).toBe(imageId);
    expect(await engine.listTags()).toEqual(expect.arrayContaining([`${name}:one`, `${name}:two`]));

    const repo = name.slice(reg.host.length + 1);
    const progress: { bytesDone: number; bytesTotal: number }[] = [];
    const pushed = await engine.push({
      reference: `${name}:two`,
      auth: { username: reg.username, password: reg.password, serveraddress: reg.host },
      insecure: true,
      digestFallback: () => headDigest(reg, repo, 'two'),
      onBytes: (p) => progress.push(p),
    });
    // Docker reports per-layer byte progress; the final report has every byte done.
    if (kind === 'docker') expect(progress.length).toBeGreaterThan(0);
    const last = progress[progress.length - 1];
    if (last) expect(last.bytesDone).toBe(last.bytesTotal);
    expect(pushed.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    // Read from the push stream (docker: aux, podman: the `<tag>: digest:` status line).
    expect(['aux', 'status']).toContain(pushed.digestSource);
    expect(pushed.digest).toBe(await headDigest(reg, repo, 'two'));
    expect(await headDigest(reg, repo, 'one')).toBeUndefined();
  });

  test('a failing RUN step fails the build quoting the step', async () => {
    const dir = tempDir();
    writeTree(dir, {
      busybox: '@busybox',
      Dockerfile: `${BUSYBOX_PRELUDE}\nRUN echo about to fail && exit 3\n`,
    });
    const name = `engine-fail-${kind}-${uid()}:latest`;
    created.push(name);
    const lines: string[] = [];
    const err = await engine
      .build({
        contextDir: dir,
        dockerfile: `${dir}/Dockerfile`,
        tags: [name],
        onProgress: (l) => lines.push(l),
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(EngineError);
    // The step's own output was forwarded before the failure.
    expect(lines.some((l) => l.includes('about to fail'))).toBe(true);
    expect(err.message).toContain('RUN echo about to fail && exit 3');
    expect(err.message).toMatch(/exit (status|code:?) 3|returned a non-zero code: 3/);
    expect(await engine.inspect(name)).toBeUndefined();
  });

  test('a Dockerfile outside the context is sent inside the tar under a generated name', async () => {
    const ctx = tempDir();
    const other = tempDir();
    writeTree(ctx, { busybox: '@busybox', 'data.txt': 'hello' });
    writeTree(other, {
      'Build.df': `${BUSYBOX_PRELUDE}\nCOPY data.txt /data.txt\nRUN test "$(cat /data.txt)" = hello\n`,
    });
    const name = `engine-outside-${kind}-${uid()}:latest`;
    created.push(name);
    await engine.build({ contextDir: ctx, dockerfile: `${other}/Build.df`, tags: [name] });
    expect(await engine.inspect(name)).toBeDefined();
  });

  test('pull brings a pushed image back with its labels; /auth accepts good and rejects bad credentials', async () => {
    const dir = tempDir();
    writeTree(dir, {
      'f.txt': uid(),
      Dockerfile: 'FROM scratch\nCOPY f.txt /f.txt\nLABEL pulled=yes\n',
    });
    const ref = `${reg.host}/engine/pull-${kind}-${uid()}:v1`;
    created.push(ref);
    const auth = { username: reg.username, password: reg.password, serveraddress: reg.host };
    const { imageId } = await engine.build({
      contextDir: dir,
      dockerfile: `${dir}/Dockerfile`,
      tags: [ref],
    });
    await engine.push({ reference: ref, auth, insecure: true });
    await engine.remove(ref, { noprune: true });
    expect(await engine.inspect(ref)).toBeUndefined();
    await engine.pull(ref, { auth, insecure: true });
    const back = await engine.inspect(ref);
    expect(back?.labels.pulled).toBe('yes');
    expect(back?.repoDigests.length).toBeGreaterThan(0);
    if (kind === 'docker') expect(back?.id).toBe(imageId);

    // podman's compat /auth verifies TLS except for `localhost[:port]` (no tlsVerify parameter).
    const address = kind === 'podman' ? `localhost:${reg.port}` : reg.host;
    await engine.checkAuth({ ...auth, serveraddress: address });
    const bad = await engine
      .checkAuth({ ...auth, serveraddress: address, password: 'not-the-password' })
      .catch((e) => e);
    expect(bad).toBeInstanceOf(EngineError);
    expect(bad.message).toContain(`login to ${address}`);
    expect(bad.message).not.toContain('not-the-password');
  });

  test('pushing an image that does not exist is an EngineError (podman: HTTP error, docker: stream error)', async () => {
    const ref = `${reg.host}/engine/absent-${kind}-${uid()}:latest`;
    const err = await engine.push({ reference: ref, insecure: true }).catch((e) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(err.message).toContain(`push ${ref}`);
  });

  test('a push with wrong credentials fails with the registry error', async () => {
    const dir = tempDir();
    writeTree(dir, { 'f.txt': 'x', Dockerfile: 'FROM scratch\nCOPY f.txt /f.txt\n' });
    const name = `${reg.host}/engine/denied-${kind}-${uid()}`;
    created.push(`${name}:latest`);
    await engine.build({
      contextDir: dir,
      dockerfile: `${dir}/Dockerfile`,
      tags: [`${name}:latest`],
    });
    const err = await engine
      .push({
        reference: `${name}:latest`,
        auth: { username: reg.username, password: 'wrong-password', serveraddress: reg.host },
        insecure: true,
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(err.message).toContain(`push ${name}:latest`);
    expect(err.message).not.toContain('wrong-password');
  });
});
