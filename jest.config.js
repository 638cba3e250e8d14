// One root config for every package. Package names map to the sibling's src/
// so tests never need a build first.
const soak = process.env.ZUUL_TS_SOAK === '1';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages'],
  testMatch: ['**/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', ...(soak ? [] : ['\\.soak\\.test\\.ts$'])],
  moduleNameMapper: {
    '^@zuul-ts/([a-z-]+)$': '<rootDir>/packages/$1/src',
    '^@zuul-ts/([a-z-]+)/(.*)$': '<rootDir>/packages/$1/src/$2',
  },
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  // p-limit 4+ and its yocto-queue are ESM-only: transform them to CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(p-limit|yocto-queue)/)'],
  testTimeout: 60000,
  // Every process a test starts carries a marker of the run; one still alive after the last
  // test is killed and fails the run.
  globalSetup: '<rootDir>/packages/testing/src/leak-check/global-setup.ts',
  globalTeardown: '<rootDir>/packages/testing/src/leak-check/global-teardown.ts',
  // Real dockerd, podman and registries on a 2-core machine: keep the worker count low
  // so timing-sensitive integration tests are not starved.
  maxWorkers: 2,
};
