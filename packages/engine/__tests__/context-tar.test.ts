import { contextTar } from '@zuul-ts/engine';
import { randomBytes } from 'node:crypto';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import { tempDir, writeTree } from '@zuul-ts/testing';

async function entries(dir: string, dockerfileName = 'Dockerfile', injectDockerfile?: string) {
  const names: { name: string; type: string; uid: number; size: number }[] = [];
  const ex = extract();
  ex.on('entry', (h, stream, next) => {
    names.push({ name: h.name, type: h.type ?? 'file', uid: h.uid ?? -1, size: h.size ?? 0 });
    stream.resume();
    stream.on('end', next);
  });
  await pipeline(contextTar({ contextDir: dir, dockerfileName, injectDockerfile }), ex);
  return names;
}

test('.dockerignore rules, ! exceptions, always-sent Dockerfile and .dockerignore, symlinks kept', async () => {
  const dir = tempDir();
  writeTree(dir, {
    Dockerfile: 'FROM scratch',
    '.dockerignore': 'Dockerfile\n.dockerignore\n*.log\nbuild\n!build/keep.txt\nnode_modules\n',
    'a.log': 'x',
    'src/main.c': 'int main;',
    'src/x.log': 'x',
    'build/out.o': 'o',
    'build/keep.txt': 'k',
    'node_modules/m/index.js': 'js',
  });
  symlinkSync('src/main.c', join(dir, 'link'));
  const got = await entries(dir);
  const names = got.map((e) => e.name).sort();
  // Docker anchors patterns at the context root: `*.log` leaves `src/x.log` in.
  expect(names).toEqual(
    [
      '.dockerignore',
      'Dockerfile',
      'build/keep.txt',
      'link',
      'src',
      'src/main.c',
      'src/x.log',
    ].sort(),
  );
  expect(got.find((e) => e.name === 'link')?.type).toBe('symlink');
  expect(got.every((e) => e.uid === 0)).toBe(true);
});

test('a Dockerfile inside an ignored folder is still sent, the rest of the folder is not', async () => {
  const dir = tempDir();
  writeTree(dir, {
    '.dockerignore': 'images\n',
    'images/app/Containerfile': 'FROM scratch',
    'images/app/other.txt': 'no',
    'setup.py': 'x',
  });
  const names = (await entries(dir, 'images/app/Containerfile')).map((e) => e.name).sort();
  expect(names).toEqual(['.dockerignore', 'images/app/Containerfile', 'setup.py']);
});

test('overlays appear under their prefix, with parent folders, dockerignore applied', async () => {
  const dir = tempDir();
  const sib = tempDir();
  writeTree(dir, { 'img/Dockerfile': 'FROM scratch', '.dockerignore': '**/*.pyc\n' });
  writeTree(sib, { f: 'lib', 'pkg/mod.py': 'x', 'pkg/mod.pyc': 'compiled' });
  const ex = extract();
  const names: string[] = [];
  ex.on('entry', (h, stream, next) => {
    names.push(`${h.type}:${h.name}`);
    stream.resume();
    stream.on('end', next);
  });
  await pipeline(
    contextTar({
      contextDir: dir,
      dockerfileName: 'img/Dockerfile',
      overlays: [{ dir: sib, prefix: 'img/.zuul-siblings/opendev.org/x/lib' }],
    }),
    ex,
  );
  expect(names.filter((n) => n.includes('.zuul-siblings'))).toEqual([
    'directory:img/.zuul-siblings',
    'directory:img/.zuul-siblings/opendev.org',
    'directory:img/.zuul-siblings/opendev.org/x',
    'directory:img/.zuul-siblings/opendev.org/x/lib',
    'file:img/.zuul-siblings/opendev.org/x/lib/f',
    'directory:img/.zuul-siblings/opendev.org/x/lib/pkg',
    'file:img/.zuul-siblings/opendev.org/x/lib/pkg/mod.py',
  ]);
});

test('a Dockerfile from outside the context is appended under the given name', async () => {
  const dir = tempDir();
  const other = tempDir();
  writeTree(dir, { 'f.txt': 'f' });
  writeFileSync(join(other, 'Build.df'), 'FROM scratch\n');
  const got = await entries(dir, '.dockerfile.abc', join(other, 'Build.df'));
  expect(got.map((e) => e.name)).toEqual(['f.txt', '.dockerfile.abc']);
  expect(got[1].size).toBe('FROM scratch\n'.length);
});

test('the tar is produced with backpressure: a slow reader never has more than a chunk or two buffered', async () => {
  const dir = tempDir();
  for (let i = 0; i < 8; i++) writeFileSync(join(dir, `blob${i}`), randomBytes(4 * 1024 * 1024));
  const pack = contextTar({ contextDir: dir, dockerfileName: 'Dockerfile' });
  let total = 0;
  let maxBuffered = 0;
  const slow = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _enc, cb) {
      total += chunk.length;
      maxBuffered = Math.max(maxBuffered, pack.readableLength);
      setImmediate(cb);
    },
  });
  await pipeline(pack, slow);
  expect(total).toBeGreaterThan(32 * 1024 * 1024);
  // 32 MB went through; the readable side never held more than ~1 MB (a few fs read chunks).
  expect(maxBuffered).toBeLessThan(1024 * 1024);
});

test('read-ahead keeps walk order and exact content: small, empty and streamed (large) files, symlinks, nested folders', async () => {
  const dir = tempDir();
  const expected = new Map<string, Buffer>();
  // Sizes straddle the whole-file read threshold (256 KiB) and the read-ahead byte bound.
  const sizes = [0, 1, 511, 512, 513, 10_000, 256 * 1024, 256 * 1024 + 1, 3 * 1024 * 1024];
  for (let d = 0; d < 3; d++) {
    for (let i = 0; i < 40; i++) {
      const content = randomBytes(sizes[(i + d) % sizes.length]);
      const name = `d${d}/sub${i % 2}/f${String(i).padStart(2, '0')}`;
      writeTree(dir, { [name]: '' });
      writeFileSync(join(dir, name), content);
      expected.set(name, content);
    }
  }
  symlinkSync('d0/sub0/f00', join(dir, 'zlink'));
  const got = new Map<string, Buffer>();
  const order: string[] = [];
  const ex = extract();
  ex.on('entry', (h, stream, next) => {
    order.push(h.name);
    if (h.type === 'symlink') got.set(h.name, Buffer.from(`->${h.linkname}`));
    const parts: Buffer[] = [];
    stream.on('data', (c: Buffer) => parts.push(c));
    stream.on('end', () => {
      if (h.type === 'file') got.set(h.name, Buffer.concat(parts));
      next();
    });
  });
  await pipeline(contextTar({ contextDir: dir, dockerfileName: 'Dockerfile' }), ex);
  for (const [name, content] of expected) expect(got.get(name)?.equals(content)).toBe(true);
  expect(got.get('zlink')?.toString()).toBe('->d0/sub0/f00');
  // Sorted depth-first walk: files in name order, every folder before its entries.
  const files = order.filter((n) => expected.has(n));
  expect(files).toEqual([...expected.keys()].sort());
  for (const name of files) {
    const parent = name.slice(0, name.lastIndexOf('/'));
    expect(order.indexOf(parent)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(parent)).toBeLessThan(order.indexOf(name));
  }
});

test('a consumer that goes away stops the walk: the stream ends in an error, not a hang', async () => {
  const dir = tempDir();
  for (let i = 0; i < 200; i++) writeFileSync(join(dir, `f${i}`), randomBytes(50_000));
  const tar = contextTar({ contextDir: dir, dockerfileName: 'Dockerfile' });
  let seen = 0;
  await expect(
    pipeline(
      tar,
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          seen += chunk.length;
          cb(seen > 1024 * 1024 ? new Error('engine hung up') : null);
        },
      }),
    ),
  ).rejects.toThrow('engine hung up');
  expect(tar.destroyed).toBe(true);
});
