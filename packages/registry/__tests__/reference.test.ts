import {
  InvalidReferenceError,
  formatReference,
  isLoopback,
  ociArchitecture,
  parsePlatform,
  parseReference,
  platformProblem,
  repositoryHost,
} from '../src';
import { parseChallenges } from '../src/challenge';
import { parseRetryAfter } from '../src/errors';
import { nextLink } from '../src/tags';

const D = 'sha256:' + 'a'.repeat(64);

test.each([
  ['ubuntu', { registry: 'docker.io', repository: 'library/ubuntu' }],
  ['ubuntu:22.04', { registry: 'docker.io', repository: 'library/ubuntu', tag: '22.04' }],
  ['zuul/zuul-executor', { registry: 'docker.io', repository: 'zuul/zuul-executor' }],
  ['docker.io/ubuntu', { registry: 'docker.io', repository: 'library/ubuntu' }],
  [
    'index.docker.io/library/ubuntu:x',
    { registry: 'docker.io', repository: 'library/ubuntu', tag: 'x' },
  ],
  ['registry-1.docker.io/org/img', { registry: 'docker.io', repository: 'org/img' }],
  [
    'quay.io/zuul-ci/zuul:latest',
    { registry: 'quay.io', repository: 'zuul-ci/zuul', tag: 'latest' },
  ],
  ['localhost/img', { registry: 'localhost', repository: 'img' }],
  ['localhost:5000/a/b/c:t', { registry: 'localhost:5000', repository: 'a/b/c', tag: 't' }],
  ['127.0.0.1:5000/img@' + D, { registry: '127.0.0.1:5000', repository: 'img', digest: D }],
  [
    '127.0.0.1:5000/img:v1@' + D,
    { registry: '127.0.0.1:5000', repository: 'img', tag: 'v1', digest: D },
  ],
  ['[::1]:5000/img:v1', { registry: '[::1]:5000', repository: 'img', tag: 'v1' }],
  ['[fd00::2]/a/b', { registry: '[fd00::2]', repository: 'a/b' }],
  ['Registry.Example.COM/a', { registry: 'registry.example.com', repository: 'a' }],
  ['r.io/a__b/c-d.e---f:_T.a-g', { registry: 'r.io', repository: 'a__b/c-d.e---f', tag: '_T.a-g' }],
])('parseReference(%s)', (input, expected) => {
  expect(parseReference(input)).toEqual(expected);
});

test.each([
  ['', /empty/],
  [' ubuntu', /whitespace/],
  ['Ubuntu', /repository "Ubuntu" must be lowercase/],
  ['quay.io/Org/img', /repository "Org\/img"/],
  ['quay.io/', /repository name is empty/],
  ['img:', /tag "" must match/],
  ['img:-bad', /tag "-bad" must match/],
  ['img:' + 'x'.repeat(129), /tag ".*" must match/],
  ['img@sha256:abc', /digest "sha256:abc"/],
  ['img@sha256:' + 'A'.repeat(64), /digest/],
  ['a..b/img', /registry host "a..b"/],
  ['host:99999/img', /port 99999/],
  ['quay.io/a//b', /repository "a\/\/b"/],
  ['quay.io/a_/b', /repository/],
  ['[::1]', /repository path/],
])('parseReference(%s) is rejected', (input, reason) => {
  expect(() => parseReference(input)).toThrow(InvalidReferenceError);
  expect(() => parseReference(input)).toThrow(reason);
});

test('formatReference round-trips', () => {
  for (const s of ['docker.io/library/ubuntu:22.04', '[::1]:5000/a/b@' + D, 'quay.io/x/y:t@' + D])
    expect(formatReference(parseReference(s))).toBe(s);
  expect(formatReference(parseReference('ubuntu'))).toBe('docker.io/library/ubuntu');
});

test('WWW-Authenticate challenges, including commas inside quoted scopes', () => {
  expect(
    parseChallenges(
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push", Basic realm="Registry Realm"',
    ),
  ).toEqual([
    {
      scheme: 'bearer',
      params: {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:samalba/my-app:pull,push',
      },
    },
    { scheme: 'basic', params: { realm: 'Registry Realm' } },
  ]);
  expect(parseChallenges(undefined)).toEqual([]);
});

test('Link rel=next and Retry-After parsing', () => {
  expect(nextLink('</v2/a/tags/list?last=x&n=100>; rel="next"')).toBe(
    '/v2/a/tags/list?last=x&n=100',
  );
  expect(nextLink('<https://r/prev>; rel="prev", <https://r/next>; rel="next"')).toBe(
    'https://r/next',
  );
  expect(nextLink(undefined)).toBeUndefined();
  expect(parseRetryAfter('1')).toBe(1);
  const now = Date.parse('2026-01-01T00:00:00Z');
  expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5);
  expect(parseRetryAfter('soon')).toBeUndefined();
});

test.each([
  ['127.0.0.1:5000', true],
  ['127.1.2.3', true],
  ['localhost:5000', true],
  ['[::1]:5000', true],
  ['10.0.0.1:5000', false],
  ['zuul-jobs.buildset-registry:5000', false],
  ['quay.io', false],
])('loopback %s -> %s', (host, expected) => {
  expect(isLoopback(host)).toBe(expected);
});

test.each([
  ['quay.io/org/app', 'quay.io'],
  ['localhost:5000/app', 'localhost:5000'],
  ['[::1]:5000/app', '[::1]:5000'],
  ['org/app', undefined],
  ['app', undefined],
])('registry host of %s -> %s', (name, host) => {
  expect(repositoryHost(name)).toBe(host);
});

test.each([
  ['linux/amd64', undefined],
  ['linux/arm64/v8', undefined],
  ['amd64', '"amd64" is not a platform (os/arch[/variant])'],
  ['Linux/amd64', '"Linux/amd64" is not a platform (os/arch[/variant])'],
  ['windows/pdp11', 'unknown platform "windows/pdp11"'],
  ['plan9/amd64', 'unknown platform "plan9/amd64"'],
])('platform %s: %s', (value, problem) => {
  expect(platformProblem(value)).toBe(problem);
});

test('parsePlatform and the OCI architecture of a Node.js arch', () => {
  expect(parsePlatform('linux/arm64/v8')).toEqual({
    os: 'linux',
    architecture: 'arm64',
    variant: 'v8',
  });
  expect([ociArchitecture('x64'), ociArchitecture('arm64'), ociArchitecture('ppc64')]).toEqual([
    'amd64',
    'arm64',
    'ppc64le',
  ]);
});
