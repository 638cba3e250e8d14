import { httpsStatus as get } from '@zuul-ts/testing';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchLocalRegistry, runningPid, stopLocalRegistry } from '../src';

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe('launchLocalRegistry (detached, TLS + htpasswd)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-local-registry-'));
  afterAll(async () => {
    await stopLocalRegistry(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  test('serves TLS with its CA, requires the random password, stops by pid file', async () => {
    const r = await launchLocalRegistry({
      dir,
      listen: 'all',
      tls: { names: ['zuul-jobs.buildset-registry', '::1'] },
      auth: {},
      detached: true,
    });
    expect(r.username).toBe('zuul');
    expect(r.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(r.ca).toContain('BEGIN CERTIFICATE');
    expect(runningPid(dir)).toBe(r.pid);
    expect(readFileSync(r.pidFile!, 'utf8').trim()).toBe(String(r.pid));

    expect(await get(`${r.url}/v2/`, {}, r.ca)).toBe(401);
    expect(await get(`${r.url}/v2/`, { authorization: basic('zuul', 'wrong') }, r.ca)).toBe(401);
    expect(await get(`${r.url}/v2/`, { authorization: basic('zuul', r.password!) }, r.ca)).toBe(
      200,
    );
    // Listening on every address: IPv6 loopback works with the same certificate (SAN ::1).
    expect(
      await get(`https://[::1]:${r.port}/v2/`, { authorization: basic('zuul', r.password!) }, r.ca),
    ).toBe(200);
    await expect(get(`${r.url}/v2/`, {})).rejects.toThrow(/certificate/);

    // The password is only stored hashed.
    const files = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
    for (const f of files) expect(readFileSync(f, 'utf8')).not.toContain(r.password!);

    await expect(launchLocalRegistry({ dir, tls: {}, auth: {}, detached: true })).rejects.toThrow(
      /already running/,
    );

    expect(await stopLocalRegistry(dir)).toBe(true);
    expect(runningPid(dir)).toBeUndefined();
    expect(existsSync(r.pidFile!)).toBe(false);
    await expect(get(`${r.url}/v2/`, {}, r.ca)).rejects.toThrow();
    expect(await stopLocalRegistry(dir)).toBe(false);
  });
});

test('a missing docker-registry binary is a clear error, not a crash', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-local-registry-'));
  const binary = '/nonexistent/docker-registry';
  try {
    await expect(launchLocalRegistry({ dir, detached: true, binary })).rejects.toThrow(
      /cannot run \/nonexistent\/docker-registry.*ENOENT.*is docker-registry installed/,
    );
    expect(existsSync(join(dir, 'registry.pid'))).toBe(false);
    await expect(launchLocalRegistry({ dir, binary })).rejects.toThrow(
      /ENOENT.*is docker-registry installed/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
