import { validateRoleVars } from '@zuul-ts/job-composer/roles';
import {
  containerImagesSchema,
  hostPort,
  promoteMethod,
  registryCas,
  registryImages,
  registryLogins,
} from '../src';

// Rules shared by upload-container-image and promote-container-image.

describe('registryImages: zuul-jobs checks over every image before any work', () => {
  const creds = {
    'quay.io': { username: 'u', password: 'p', repository: '^quay.io/org/.*' },
    'r:5000': { username: 'u2', password: 'p2' },
  };
  test('valid images with default tags', () => {
    const images = registryImages({
      container_images: [
        { repository: 'quay.io/org/app', registry: 'quay.io' },
        { repository: 'r:5000/x', registry: 'r:5000', tags: ['a', 'b'] },
      ],
      container_registry_credentials: creds,
    });
    expect(images.map((i) => [i.path, i.tags, i.credential.username])).toEqual([
      ['container_images[0]', ['latest'], 'u'],
      ['container_images[1]', ['a', 'b'], 'u2'],
    ]);
  });
  test.each([
    [[{ repository: 'quay.io/org/app' }], 'container_images[0].registry: is required'],
    [
      [
        { repository: 'quay.io/org/a', registry: 'quay.io' },
        { repository: 'quay.io/other/b', registry: 'quay.io' },
      ],
      'container_images[1].repository: quay.io/other/b not permitted by ^quay.io/org/.*',
    ],
    [
      [{ repository: 'ghcr.io/o/a', registry: 'ghcr.io' }],
      'container_images[0].registry: ghcr.io credentials not found',
    ],
    [
      [{ repository: 'r:5000/x', registry: 'r:5000', tags: ['ok', 'bad tag'] }],
      'container_images[0].tags[1]: "bad tag" is not a valid tag',
    ],
  ])('%j fails: %s', (images, message) => {
    expect(() =>
      registryImages({ container_images: images, container_registry_credentials: creds }),
    ).toThrow(message);
  });
  test.each([
    ['nope', 'container_images: must be array'],
    [['nope'], 'container_images[0]: must be object'],
    [[{ registry: 'quay.io' }], 'container_images[0].repository: is required'],
    [[{ repository: 'quay.io/a', tags: 'latest' }], 'container_images[0].tags: must be array'],
  ])('the shape of %j is refused by the images schema: %s', (images, message) => {
    const def = {
      name: 'images',
      schema: { type: 'object', properties: { container_images: containerImagesSchema } },
      run: () => Promise.resolve({}),
    };
    expect(() => validateRoleVars(def, { container_images: images })).toThrow(message);
  });
});

describe('promoteMethod', () => {
  test.each([
    [{}, 'tag', 0],
    [{ promote_container_image_method: 'intermediate-registry' }, 'intermediate-registry', 0],
    [{ promote_container_image_method: null }, 'tag', 0],
    [{ promote_container_method: 'intermediate-registry' }, 'intermediate-registry', 1],
    [
      { promote_container_method: 'tag', promote_container_image_method: 'intermediate-registry' },
      'intermediate-registry',
      1,
    ],
    [{ promote_container_method: 'tag', promote_container_image_method: 'tag' }, 'tag', 0],
  ])('%j -> %s (%d warnings)', (vars, method, warnings) => {
    const warned: string[] = [];
    expect(promoteMethod(vars, (m) => warned.push(m))).toBe(method);
    expect(warned).toHaveLength(warnings);
  });
  test('an unknown method is an input error naming the variable', () => {
    expect(() => promoteMethod({ promote_container_method: 'copy' }, () => {})).toThrow(
      /^promote_container_method: must be "tag" or "intermediate-registry"/,
    );
  });
});

describe('registry logins and CAs', () => {
  test('credentials entries and intermediate_registry (IPv6 wrapped)', () => {
    expect(
      registryLogins({
        container_registry_credentials: {
          'quay.io': { username: 'u', password: 'p', api_token: 't' },
          bad: null,
        },
        intermediate_registry: {
          host: '2001:db8::5',
          port: 5000,
          username: 'zuul',
          password: 'ir',
        },
      }),
    ).toEqual([
      { registry: 'quay.io', username: 'u', password: 'p' },
      { registry: '[2001:db8::5]:5000', username: 'zuul', password: 'ir' },
    ]);
    expect(hostPort('ir.example.org', '5000')).toBe('ir.example.org:5000');
    expect(
      registryLogins({ container_registry_credentials: null, intermediate_registry: null }),
    ).toEqual([]);
  });
  test('container_registry_ca must map hosts to PEM', () => {
    expect(registryCas({ container_registry_ca: null })).toEqual({});
    expect(() => registryCas({ container_registry_ca: { 'h:1': 'not a pem' } })).toThrow(
      /^container_registry_ca.h:1: must be a PEM certificate/,
    );
  });
});
