import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerConfigCredentialStore, StaticCredentialStore } from '../src';

function configDir(cfg: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-cfg-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(cfg));
  return dir;
}
const b64 = (s: string) => Buffer.from(s).toString('base64');

test('docker config auths: URL keys, Docker Hub aliases, identity and registry tokens', async () => {
  const store = new DockerConfigCredentialStore(
    configDir({
      auths: {
        'https://index.docker.io/v1/': { auth: b64('hubuser:hub:pass\0') },
        'https://quay.io': { auth: b64('robot+x:tok') },
        'registry.example.com:5000': { identitytoken: 'refresh-me' },
        'ghcr.io': { registrytoken: 'bearer-as-is' },
        'plain.example': { username: 'u', password: 'p' },
      },
    }),
  );
  for (const host of ['docker.io', 'index.docker.io', 'registry-1.docker.io'])
    expect(await store.get(host)).toEqual({
      registry: 'docker.io',
      username: 'hubuser',
      password: 'hub:pass',
    });
  expect(await store.get('quay.io')).toMatchObject({ username: 'robot+x', password: 'tok' });
  expect(await store.get('registry.example.com:5000')).toMatchObject({
    identityToken: 'refresh-me',
  });
  expect(await store.get('ghcr.io')).toMatchObject({ registryToken: 'bearer-as-is' });
  expect(await store.get('plain.example')).toMatchObject({ username: 'u', password: 'p' });
  expect(await store.get('other.example')).toBeUndefined();
});

test('a missing docker config means no credentials', async () => {
  const store = new DockerConfigCredentialStore(mkdtempSync(join(tmpdir(), 'zuul-ts-none-')));
  expect(await store.get('quay.io')).toBeUndefined();
});

test('a missing credential helper fails clearly, naming the helper', async () => {
  const store = new DockerConfigCredentialStore(
    configDir({ credsStore: 'zuul-ts-no-such-helper' }),
  );
  await expect(store.get('quay.io')).rejects.toThrow(
    /docker-credential-zuul-ts-no-such-helper failed for quay\.io: not found on PATH/,
  );
});

test('explicit credentials match normalised hosts', async () => {
  const store = new StaticCredentialStore([
    { registry: 'https://index.docker.io/v1/', username: 'a', password: 'b' },
  ]);
  expect(await store.get('docker.io')).toMatchObject({ username: 'a' });
});
