import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { BUILTIN_ROLE_PACKAGES } from '../src/roles';

// Packages import only downward. The table is eslint.layers.cjs; eslint.config.mjs turns each
// row into a no-restricted-imports rule. These tests show the rule failing on wrong-way
// imports and check that what each package imports is also what it declares.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const layers = require('../../../eslint.layers.cjs') as {
  LAYERS: Record<string, string[]>;
  ROLE_PACKAGES: string[];
  FAMILY_PACKAGES: string[];
  layerConfigs(): Linter.Config[];
};

const ROOT = join(__dirname, '..', '..', '..');
const PACKAGES = join(ROOT, 'packages');

function lint(file: string, code: string): string[] {
  const linter = new Linter({ configType: 'flat' });
  const config: Linter.Config[] = [
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as Linter.Parser } },
    ...layers.layerConfigs(),
  ];
  return linter
    .verify(code, config, { filename: join(ROOT, file) })
    .map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('the layer rule', () => {
  test.each([
    ['build-container-image', "import { runRole } from '@zuul-ts/job-composer';"],
    ['upload-container-image', "import { roleCommand } from '@zuul-ts/job-composer/cli/role';"],
    ['promote-container-image', "import { x } from '../../job-composer/src/api';"],
    ['intermediate-registry', "import { roles } from '@zuul-ts/build-container-image';"],
    ['container-vars', "import { roles } from '@zuul-ts/promote-container-image';"],
    ['role-kit', "import { registryImages } from '@zuul-ts/container-vars';"],
    ['templating', "import type { Vars } from '@zuul-ts/role-kit';"],
    ['registry', "import { Engine } from '@zuul-ts/engine';"],
    ['engine', "import { createScope } from '@zuul-ts/templating';"],
  ])('%s: %s is rejected', (pkg, code) => {
    const messages = lint(`packages/${pkg}/src/wrong.ts`, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^no-restricted-imports: /);
  });

  test.each([
    ['build-container-image', "import type { RoleContext } from '@zuul-ts/role-kit';"],
    ['intermediate-registry', "import { registryImages } from '@zuul-ts/container-vars';"],
    ['upload-container-image', "import { Engine } from '@zuul-ts/engine';"],
    ['job-composer', "import { roles } from '@zuul-ts/build-container-image';"],
    ['job-composer', "import { createScope } from '@zuul-ts/templating';"],
    ['engine', "import { parseReference } from '@zuul-ts/registry';"],
    ['role-kit', "import { thing } from './thing';"],
  ])('%s: %s is allowed', (pkg, code) => {
    expect(lint(`packages/${pkg}/src/right.ts`, code)).toEqual([]);
  });

  test('tests may import the runner', () => {
    const code = "import { runRole } from '@zuul-ts/job-composer';";
    expect(lint('packages/build-container-image/__tests__/x.test.ts', code)).toEqual([]);
  });

  test('the repository lint configuration applies it', () => {
    // The real eslint.config.mjs, through the eslint command, on a wrong-way import.
    const eslint = join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
    let status = 0;
    let out = '';
    try {
      execFileSync(
        process.execPath,
        [eslint, '--stdin', '--stdin-filename', 'packages/promote-container-image/src/wrong.ts'],
        { cwd: ROOT, input: "export { runRole } from '@zuul-ts/job-composer';\n" },
      );
    } catch (err) {
      const e = err as { status: number; stdout: Buffer };
      status = e.status;
      out = e.stdout.toString();
    }
    expect(status).toBe(1);
    expect(out).toContain('no-restricted-imports');
    expect(out).toContain('promote-container-image may import only');
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** Our packages a package's source names in import, export, import() or require(). */
function importedPackages(pkg: string): Set<string> {
  const found = new Set<string>();
  for (const file of sourceFiles(join(PACKAGES, pkg, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import\(|require\()\s*'@zuul-ts\/([a-z-]+)/g)) {
      found.add(m[1]);
    }
  }
  found.delete(pkg);
  return found;
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

const PACKAGE_NAMES = readdirSync(PACKAGES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(PACKAGES, d.name, 'src')))
  .map((d) => d.name);

describe('declared dependencies', () => {
  test('every package is in the layer table', () => {
    expect(PACKAGE_NAMES.sort()).toEqual(Object.keys(layers.LAYERS).sort());
  });

  test.each(PACKAGE_NAMES)('%s declares what it imports, and only allowed packages', (pkg) => {
    const manifest = readJson(join(PACKAGES, pkg, 'package.json'));
    const deps = Object.keys((manifest.dependencies ?? {}) as object)
      .filter((d) => d.startsWith('@zuul-ts/'))
      .map((d) => d.slice('@zuul-ts/'.length));
    const tsconfig = readJson(join(PACKAGES, pkg, 'tsconfig.json'));
    const refs = ((tsconfig.references ?? []) as { path: string }[]).map((r) =>
      relative('..', r.path),
    );
    const imported = [...importedPackages(pkg)].sort();
    for (const name of imported) {
      expect({ pkg, declares: name, inDependencies: deps.includes(name) }).toEqual({
        pkg,
        declares: name,
        inDependencies: true,
      });
      expect({ pkg, references: name, inTsconfig: refs.includes(name) }).toEqual({
        pkg,
        references: name,
        inTsconfig: true,
      });
    }
    for (const name of deps) expect(layers.LAYERS[pkg]).toContain(name);
  });

  test('job-composer declares every role package it loads, and nothing depends on it', () => {
    const manifest = readJson(join(PACKAGES, 'job-composer', 'package.json'));
    const deps = Object.keys(manifest.dependencies as object);
    const loaded = [...new Set(Object.values(BUILTIN_ROLE_PACKAGES))].sort();
    expect(loaded).toEqual(
      [...layers.ROLE_PACKAGES, ...layers.FAMILY_PACKAGES].map((p) => `@zuul-ts/${p}`).sort(),
    );
    for (const pkg of loaded) expect(deps).toContain(pkg);
    const dependents = PACKAGE_NAMES.filter((p) => {
      const m = readJson(join(PACKAGES, p, 'package.json'));
      return '@zuul-ts/job-composer' in ((m.dependencies ?? {}) as object);
    });
    expect(dependents).toEqual([]);
  });
});
