/**
 * End to end through the runner's CLI entry (`zuul-ts role build-container-image -e @- --json`)
 * with stdin shaped like roles/build-container-image/tasks/main.yaml renders it (undefined
 * optional variables arrive as null).
 */
import { ContainerEngine } from '@zuul-ts/engine';
import { roleCommand } from '@zuul-ts/job-composer/cli/role';
import { CHANGE, Images, makeNode } from './fixture';

jest.setTimeout(300000);

test('podman build through the CLI: validated vars, engine reported, tags created, JSON result', async () => {
  const engine = await ContainerEngine.connect({ kind: 'podman' });
  const images = new Images(engine);
  try {
    const node = makeNode({
      'img/Containerfile': 'FROM scratch\nCOPY f.txt /f.txt\n',
      'img/f.txt': 'x',
    });
    const repo = images.repo('quay.io/org/cli');
    const stdin = JSON.stringify({
      zuul: CHANGE,
      zuul_work_dir: 'src/example.org/proj',
      ansible_user_dir: node.home,
      container_command: 'podman',
      container_filename: null,
      container_build_extra_env: {},
      container_images: [{ context: 'img', repository: repo, tags: ['latest', 'v1'] }],
      buildset_registry: null,
      container_build_parallelism: 2,
      container_build_source_root: null,
    });
    const out: string[] = [];
    const err: string[] = [];
    const code = await roleCommand(['build-container-image', '-e', '@-', '--json'], {
      stdin: () => stdin,
      stdout: (s) => out.push(s),
      stderr: (s) => err.push(s),
    });
    images.track(
      ...['latest', 'v1', 'change_12345_latest', 'change_12345_v1'].map((t) => `${repo}:${t}`),
    );
    expect({ code, err: err.join('') }).toEqual({ code: 0, err: '' });
    const events = out
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const result = events.find((e) => e.phase === 'result') as {
      result: { engine: { kind: string }; images: { localTags: string[] }[] };
    };
    expect(result.result.engine.kind).toBe('podman');
    expect(result.result.images[0].localTags).toHaveLength(4);
    const ids = new Set<string>();
    for (const t of result.result.images[0].localTags) ids.add((await images.inspect(t))!.id);
    expect(ids.size).toBe(1);
  } finally {
    await images.cleanup();
  }
});

test('bad input through the CLI exits non-zero naming the variable, nothing built', async () => {
  const node = makeNode({ 'img/Dockerfile': 'FROM scratch\n' });
  const out: string[] = [];
  const code = await roleCommand(['build-container-image', '-e', '@-'], {
    stdin: () =>
      JSON.stringify({
        zuul: CHANGE,
        zuul_work_dir: 'src/example.org/proj',
        ansible_user_dir: node.home,
        container_command: 'podman',
        container_images: [{ context: 'img', repository: 'quay.io/org/x', tags: 'latest' }],
      }),
    stdout: (s) => out.push(s),
    stderr: (s) => out.push(s),
  });
  expect(code).not.toBe(0);
  expect(out.join('')).toContain('container_images[0].tags');
});
