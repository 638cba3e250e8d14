import { InputError, type RoleDefinition } from '@zuul-ts/role-kit';
import { jsonPointerToPath, validateRoleVars } from '../../src/roles';

const def: RoleDefinition = {
  name: 'schema-test',
  schema: {
    type: 'object',
    required: ['container_images'],
    properties: {
      container_images: {
        type: 'array',
        items: {
          type: 'object',
          required: ['repository'],
          properties: {
            repository: { type: 'string', minLength: 1 },
            tags: { type: 'array', items: { type: 'string' } },
            build_args: { type: 'array' },
          },
        },
      },
    },
  },
  run: async () => ({}),
};

describe('role variable validation (ajv)', () => {
  test.each([
    ['/container_images/2/tags/0', 'container_images[2].tags[0]'],
    ['/a~1b/0', 'a/b[0]'],
    ['', ''],
  ])('%s → %s', (pointer, path) => expect(jsonPointerToPath(pointer)).toBe(path));

  test('errors name the full path and the rule', () => {
    const vars = {
      container_images: [{ repository: 'a' }, { repository: 'b' }, { repository: 'c', tags: [5] }],
    };
    let err: unknown;
    try {
      validateRoleVars(def, vars);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).path).toBe('container_images[2].tags[0]');
    expect((err as InputError).message).toBe('container_images[2].tags[0]: must be string (type)');
  });

  test('a missing required key names the key', () => {
    expect(() => validateRoleVars(def, { container_images: [{ tags: ['x'] }] })).toThrow(
      'container_images[0].repository: is required',
    );
    expect(() => validateRoleVars(def, {})).toThrow('container_images: is required');
  });

  test('unknown keys inside the role variables warn (other variables are ignored)', () => {
    const warnings = validateRoleVars(def, {
      zuul: { anything: 1 },
      container_images: [{ repository: 'a', tag: 'latest' }],
    });
    expect(warnings).toEqual(['container_images[0].tag: unknown key (ignored)']);
  });
});
