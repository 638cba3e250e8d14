import { artifactsFromResultData, collectArtifacts, parentResults } from '../../src/results';

describe('artifacts', () => {
  test.each([
    [
      'relative URL joins log_url (trailing / added)',
      { zuul: { log_url: 'https://logs/b1', artifacts: [{ name: 'a', url: 'docs/index.html' }] } },
      [{ name: 'a', url: 'https://logs/b1/docs/index.html' }],
    ],
    [
      'absolute URL kept',
      { zuul: { log_url: 'https://logs/b1/', artifacts: [{ name: 'a', url: 'https://other/x' }] } },
      [{ name: 'a', url: 'https://other/x' }],
    ],
    [
      'docker:// URL with an IPv6 host kept verbatim',
      {
        zuul: {
          log_url: 'https://logs/',
          artifacts: [
            {
              name: 'i',
              url: 'docker://[2001:db8::5]:5000/quay.io/org/img:b_latest',
              metadata: { type: 'container_image' },
            },
          ],
        },
      },
      [
        {
          name: 'i',
          url: 'docker://[2001:db8::5]:5000/quay.io/org/img:b_latest',
          metadata: { type: 'container_image' },
        },
      ],
    ],
    [
      'no log_url: URL as returned',
      { zuul: { artifacts: [{ name: 'a', url: 'rel/x' }] } },
      [{ name: 'a', url: 'rel/x' }],
    ],
    [
      'schema failure: no artifacts at all',
      { zuul: { artifacts: [{ name: 'a', url: 'u' }, { name: 'b' }] } },
      [],
    ],
  ])('%s', (_name, data, expected) => expect(artifactsFromResultData(data)).toEqual(expected));

  test('collectArtifacts: items ahead first, then ancestors in job-graph order, labelled; duplicates skipped', () => {
    const image = {
      name: 'quay.io/org/img:latest',
      url: 'docker://[2001:db8::5]:5000/quay.io/org/img:4b1d_latest',
      metadata: { type: 'container_image', repository: 'quay.io/org/img', tag: 'latest' },
    };
    const ahead = [
      { name: 'ahead', url: 'u', project: 'org/lib', change: '1', patchset: '1', job: 'lib-build' },
    ];
    const out = collectArtifacts(
      [
        {
          job: 'myproj-build-image',
          item: { project: 'org/myproj', branch: 'main', change: 12345, patchset: 3 },
          data: { zuul: { artifacts: [image, image] } },
        },
        {
          job: 'tagger',
          item: { project: 'org/myproj', tag: 'v1', ref: 'refs/tags/v1', newrev: 'abc' },
          data: { zuul: { artifacts: [{ name: 't', url: 'https://x/t' }] } },
        },
        { job: 'nothing', item: { project: 'org/myproj', branch: 'main' }, data: { other: 1 } },
      ],
      ahead,
    );
    expect(out).toEqual([
      ahead[0],
      {
        ...image,
        project: 'org/myproj',
        job: 'myproj-build-image',
        branch: 'main',
        change: '12345',
        patchset: '3',
      },
      {
        name: 't',
        url: 'https://x/t',
        project: 'org/myproj',
        job: 'tagger',
        ref: 'refs/tags/v1',
        oldrev: null,
        newrev: 'abc',
        tag: 'v1',
      },
    ]);
  });

  test('parentResults: data later-wins without zuul/nodepool/unsafe_vars; secret_data earlier-wins', () => {
    const r = parentResults([
      {
        data: { foo: { a: 1 }, zuul: { pause: true }, x: 1 },
        secret_data: { buildset_registry: { host: 'first' } },
      },
      {
        data: { foo: { b: 2 }, nodepool: {}, unsafe_vars: {}, x: 2 },
        secret_data: { buildset_registry: { host: 'second', port: 5000 } },
      },
    ]);
    expect(r.data).toEqual({ foo: { a: 1, b: 2 }, x: 2 });
    expect(r.secretData).toEqual({ buildset_registry: { host: 'first', port: 5000 } });
  });
});
