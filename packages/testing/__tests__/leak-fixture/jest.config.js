// A one-test jest project run by leak-check.test.ts: with LEAK=1 its test leaves a process
// behind, which the shared global teardown must kill and report.
const { join } = require('node:path');
const root = join(__dirname, '..', '..', '..', '..');

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['**/*.fixture.js'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: join(root, 'tsconfig.jest.json') }],
  },
  globalSetup: join(root, 'packages/testing/src/leak-check/global-setup.ts'),
  globalTeardown: join(root, 'packages/testing/src/leak-check/global-teardown.ts'),
};
