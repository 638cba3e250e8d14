// Which of our packages each package's source (packages/NAME/src) may import. Packages import
// only downward:
//   registry <- engine; registry <- role-kit <- container-vars <- role packages <- docker-image
//   family <- job-composer
// templating stands alone; job-composer (the runner and the CLI) is imported by nobody but
// tests; testing and reliability are dev-only. Tests (__tests__) may import anything.
// eslint.config.mjs turns each row into a `no-restricted-imports` rule for that package, and
// packages/job-composer/__tests__/layering.test.ts shows the rule failing on wrong-way imports
// and checks that every import is declared in package.json and the tsconfig references.
'use strict';

const ROLE_BASE = ['role-kit', 'container-vars', 'registry', 'engine'];
const ROLE_PACKAGES = [
  'build-container-image',
  'upload-container-image',
  'promote-container-image',
  'intermediate-registry',
  'mirror-container-images',
];
// The docker-image family is the container roles with other variable names: it builds on the
// role packages (one layer above them) instead of copying them.
const FAMILY_PACKAGES = ['docker-image'];

/** package -> the packages of ours its source may import */
const LAYERS = {
  registry: [],
  engine: ['registry'],
  templating: [],
  // The role context masks secrets with the registry package's Redactor (the one masking routine).
  'role-kit': ['registry'],
  'container-vars': ['role-kit', 'registry', 'engine'],
  ...Object.fromEntries(ROLE_PACKAGES.map((p) => [p, ROLE_BASE])),
  'docker-image': [...ROLE_BASE, ...ROLE_PACKAGES],
  'job-composer': [
    'registry',
    'engine',
    'role-kit',
    'templating',
    ...ROLE_PACKAGES,
    ...FAMILY_PACKAGES,
  ],
  testing: ['registry', 'engine'],
  reliability: ['testing', 'registry', 'engine'],
};

function escapeRegex(s) {
  // Package names are [a-z-]; '-' needs no escape outside a class (and may not have one
  // under the 'u' flag ESLint compiles these patterns with).
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The `no-restricted-imports` options for one package of the table. */
function restrictedImports(pkg) {
  const allowed = LAYERS[pkg];
  const own = allowed.length ? `(?!(?:${allowed.map(escapeRegex).join('|')})(?:/|$))` : '';
  return {
    patterns: [
      {
        regex: `^@zuul-ts/${own}`,
        message:
          `${pkg} may import only ${allowed.length ? allowed.join(', ') : 'no package'} ` +
          'of @zuul-ts (see eslint.layers.cjs).',
      },
      {
        // A relative path into another package's src/ or dist/ would bypass the table.
        regex: '^\\.{1,2}/(?:.*/)?(?:src|dist)(?:/|$)',
        message: 'import another package by its name, not by a relative path.',
      },
    ],
  };
}

/** Flat-config entries: one `no-restricted-imports` rule per package's source files. */
function layerConfigs() {
  return Object.keys(LAYERS).map((pkg) => ({
    files: [`packages/${pkg}/src/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', restrictedImports(pkg)] },
  }));
}

module.exports = { LAYERS, ROLE_PACKAGES, FAMILY_PACKAGES, restrictedImports, layerConfigs };
