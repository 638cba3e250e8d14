import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const PKG = join(REPO_ROOT, 'packages', 'job-composer');

/** REPOSITORY_ROOT as a fresh process of the built package sees it. */
function repositoryRootSeenFrom(pkgDir: string): string {
  const mod = JSON.stringify(join(pkgDir, 'dist', 'package-root.js'));
  return execFileSync(
    process.execPath,
    ['-e', `process.stdout.write(require(${mod}).REPOSITORY_ROOT)`],
    { encoding: 'utf8' },
  );
}

test("in a repository, roles/ and jobs/ are the repository's, even while npm pack has copied roles/ into the package", () => {
  expect(repositoryRootSeenFrom(PKG)).toBe(REPO_ROOT);
  // A stand-in repository, so neither the real package folder nor packages/ is touched.
  const repo = mkdtempSync('/tmp/zts-repo-');
  try {
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'zuul-ts' }));
    for (const d of ['roles', 'jobs']) mkdirSync(join(repo, d));
    const pkg = join(repo, 'packages', 'job-composer');
    mkdirSync(pkg, { recursive: true });
    execFileSync('cp', ['-a', join(PKG, 'package.json'), join(PKG, 'dist'), pkg]);
    mkdirSync(join(pkg, 'roles')); // what prepack leaves there while npm pack runs
    expect(repositoryRootSeenFrom(pkg)).toBe(repo);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test("in a packed install (no zuul-ts repository above), they are the package's own", () => {
  const install = mkdtempSync('/tmp/zts-packed-');
  try {
    const pkg = join(install, 'node_modules', '@zuul-ts', 'job-composer');
    mkdirSync(pkg, { recursive: true });
    execFileSync('cp', ['-a', join(PKG, 'package.json'), join(PKG, 'dist'), pkg]);
    expect(repositoryRootSeenFrom(pkg)).toBe(pkg);
  } finally {
    rmSync(install, { recursive: true, force: true });
  }
});
