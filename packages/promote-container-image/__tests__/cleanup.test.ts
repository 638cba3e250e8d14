import { selectLeakedTags } from '../src/cleanup';
import { validateRoleVars } from '@zuul-ts/job-composer/roles';
import { cleanupAge, cleanupRegex, defaultCleanupRegex } from '../src/cleanup-inputs';
import { removeRegistryTagRole } from '../src/remove-registry-tag';
import { splitRepository, withRegistryHost } from '../src/repository';

const now = new Date('2026-03-10T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const DAY = 86400;

describe('selectLeakedTags', () => {
  const regex = new RegExp(defaultCleanupRegex({ zuul: { pipeline: 'promote' } }));

  test.each([
    // name, age in seconds, selected?
    ['change_1_latest', 2 * DAY, true], // timedelta.seconds is 0 here, zuul-jobs kept it
    ['change_1_latest', DAY + 1, true],
    ['change_1_latest', DAY, false], // not older than the age
    ['change_1_latest', 3600, false],
    ['promote_latest', 10 * DAY, true],
    ['gate_latest', 10 * DAY, false], // another pipeline's prefix
    ['latest', 10 * DAY, false],
    ['v1-change_1', 10 * DAY, false], // the regex is anchored by its own ^
  ])('%s aged %ss -> %s', (name, age, selected) => {
    const picked = selectLeakedTags([{ name, lastModified: ago(age) }], {
      regex,
      maxAgeSeconds: DAY,
      now,
    });
    expect(picked).toEqual(selected ? [name] : []);
  });

  test('unknown age and kept names are never selected', () => {
    const picked = selectLeakedTags(
      [{ name: 'change_1_a' }, { name: 'change_1_b', lastModified: ago(9 * DAY) }],
      { regex, maxAgeSeconds: DAY, now, keep: new Set(['change_1_b']) },
    );
    expect(picked).toEqual([]);
  });

  test('search semantics: an unanchored custom regex matches anywhere', () => {
    const picked = selectLeakedTags([{ name: 'x-tmp-y', lastModified: ago(10) }], {
      regex: /tmp/,
      maxAgeSeconds: 5,
      now,
    });
    expect(picked).toEqual(['x-tmp-y']);
  });
});

describe('cleanup inputs', () => {
  test('defaults mirror zuul-jobs', () => {
    expect(cleanupRegex({ zuul: { pipeline: 'gate' } }).source).toBe('^change_.*$|^gate_.*$');
    expect(cleanupAge({})).toBe(86400);
    expect(cleanupAge({ remove_registry_tag_age: '60' })).toBe(60);
  });
  test('a regex that does not compile names remove_registry_tag_regex', () => {
    expect(() => cleanupRegex({ remove_registry_tag_regex: '(' })).toThrow(
      /^remove_registry_tag_regex:/,
    );
  });
  test.each([
    [{ remove_registry_tag_regex: '' }, 'remove_registry_tag_regex'],
    [{ remove_registry_tag_age: 'a day' }, 'remove_registry_tag_age'],
    [{ remove_registry_tag_age: -1 }, 'remove_registry_tag_age'],
    [{ remove_registry_tag_api_url: 'ftp://x' }, 'remove_registry_tag_api_url'],
  ])('bad %j is refused by the input schema, naming %s', (vars, path) => {
    const all = { remove_registry_tag_repository: 'quay.io/org/app', ...vars };
    expect(() => validateRoleVars(removeRegistryTagRole, all)).toThrow(new RegExp(`^${path}:`));
  });
});

describe('repository for tag removal', () => {
  test.each([
    [{ repository: 'quay.io/org/app', registry: 'quay.io' }, 'quay.io/org/app'],
    [{ repository: 'org/app', registry: 'docker.io' }, 'docker.io/org/app'],
    [{ repository: 'localhost:5000/app', registry: 'localhost:5000' }, 'localhost:5000/app'],
  ])('%j -> %s', (image, full) => {
    expect(withRegistryHost(image)).toBe(full);
    expect(splitRepository(full, 'x').registry).toBe(image.registry);
  });
});
