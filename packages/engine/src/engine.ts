import type Docker from 'dockerode';
import { loadDockerode } from './dockerode';
import { REQUEST_RETRY, TransferMeter, withRetry } from '@zuul-ts/registry';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { StepTracker } from './build-steps';
import { contextTar } from './context-tar';
import { dockerodeOptions, resolveEndpoint } from './endpoint';
import { EngineError, engineErrorFrom, isNotFound } from './errors';
import { readJsonStream } from './json-stream';
import { Redactor } from '@zuul-ts/registry';
import { negotiate } from './ping';
import { splitNameTag } from './reference';
import type { NodeConnection } from './node/connection';
import { nodeEngineOptions } from './node/engine-options';
import { remoteContextTar } from './node/remote-context';
import { encodeRegistryAuth, encodeRegistryConfig } from './registry-auth';
import type {
  BuildRequest,
  BuildResult,
  EngineInfo,
  EngineKind,
  ImageDetails,
  ProgressHandler,
  PushRequest,
  PushResult,
  RegistryAuth,
  StreamMessage,
} from './types';

// Storage races of concurrent builds on one engine (the build itself was fine; a rebuild is):
// - a cached parent layer removed by a concurrent `rmi` while this build used it: Buildah
//   "checking if cached image exists…: layer not known", docker `unable to find image "sha256:…"`;
// - Buildah's intermediate build containers removed under a parallel build (containers/buildah
//   #1064, #2925): "identifier is not a container|layer", or the copier's chdir into a
//   container's vanished "merged" mount.
const CACHE_RACE = new RegExp(
  [
    'checking if cached image exists.*(layer|image) not known',
    'unable to find image "sha256:[0-9a-f]{64}"',
    'identifier is not a (container|layer)',
    'chdir \\S+/overlay/[0-9a-f]{64}/merged: no such file or directory',
  ].join('|'),
);

const DIGEST_LINE = /(?:^|\s)(\S+): digest: (sha256:[0-9a-f]{64}) size: \d+/;

function forwardLines(text: string | undefined, onProgress?: ProgressHandler): string[] {
  if (!text) return [];
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  if (onProgress) lines.forEach((l) => onProgress(l));
  return lines;
}

export interface ConnectOptions {
  /** The engine `container_command` asks for; decides the default endpoint. */
  kind: EngineKind;
  /** Explicit endpoint (`unix://…`, `tcp://…`, `ssh://…`), e.g. from a host variable. */
  endpoint?: string;
  env?: NodeJS.ProcessEnv;
  /** The node's SSH connection: the engine is the node's, reached through its socket. */
  node?: NodeConnection;
}

/** One connection to a docker or podman engine through dockerode, API version pinned. */
export class ContainerEngine {
  private constructor(
    readonly docker: Docker,
    readonly info: EngineInfo,
    private readonly node?: NodeConnection,
  ) {}

  /** Connect, negotiate the API version with `/_ping`, and report engine name and version. */
  static async connect(options: ConnectOptions): Promise<ContainerEngine> {
    const { endpoint, base } = options.node
      ? await nodeEngineOptions(options.node, options.kind, options.endpoint)
      : {
          endpoint: resolveEndpoint(options.kind, options.endpoint, options.env),
          base: undefined,
        };
    const docker = base ?? dockerodeOptions(endpoint, options.env);
    try {
      const info = await negotiate(docker, endpoint);
      return new ContainerEngine(
        new (loadDockerode())({ ...docker, version: `v${info.apiVersion}` }),
        info,
        options.node,
      );
    } catch (err) {
      throw options.node ? options.node.classify(err) : err;
    }
  }

  get kind(): EngineKind {
    return this.info.kind;
  }

  /**
   * `POST /build` with the context streamed as a tar. A Dockerfile outside the context is added
   * to the tar under a generated name, as the docker CLI does.
   */
  async build(req: BuildRequest): Promise<BuildResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.buildOnce(req);
      } catch (caught) {
        const err = this.node ? this.node.classify(caught) : caught;
        // A storage race with a concurrent build or removal (CACHE_RACE): rebuilt, twice at most.
        if (attempt > 2 || !CACHE_RACE.test((err as Error).message) || req.signal?.aborted)
          throw err;
        req.onProgress?.(`retrying the build: ${(err as Error).message}`);
      }
    }
  }

  private async buildOnce(req: BuildRequest): Promise<BuildResult> {
    // On a node, the role checked the Dockerfile there before it planned the build.
    if (!this.node && !existsSync(req.dockerfile))
      throw new EngineError(`Dockerfile not found: ${req.dockerfile}`);
    const rel = relative(req.contextDir, req.dockerfile);
    const inside = rel && !rel.startsWith('..') && !isAbsolute(rel);
    const dockerfileName = inside
      ? rel.split(sep).join('/')
      : `.dockerfile.${randomBytes(10).toString('hex')}`;
    const tarOptions = {
      contextDir: req.contextDir,
      dockerfileName,
      injectDockerfile: inside ? undefined : req.dockerfile,
      overlays: req.overlays,
      signal: req.signal,
    };
    const tar = this.node ? remoteContextTar(this.node, tarOptions) : contextTar(tarOptions);
    const query: Record<string, unknown> = {
      t: req.tags,
      dockerfile: dockerfileName,
      rm: true,
      forcerm: true,
    };
    if (req.buildArgs && Object.keys(req.buildArgs).length) query.buildargs = req.buildArgs;
    if (req.labels && Object.keys(req.labels).length) query.labels = req.labels;
    if (req.target) query.target = req.target;
    if (req.platform) {
      query.platform = req.platform;
      // The classic builder's and Buildah's layer caches ignore the platform (a FROM scratch
      // step built for amd64 is reused for arm64): per-platform builds skip the cache.
      query.nocache = true;
    }
    if (req.networkMode) query.networkmode = req.networkMode;
    if (req.engineParams && this.kind === 'podman') Object.assign(query, req.engineParams);
    if (req.registryAuth?.length)
      query.registryconfig = { base64: encodeRegistryConfig(req.registryAuth) };
    if (req.signal?.aborted) {
      tar.destroy();
      throw new EngineError('build cancelled before it started');
    }
    // Docker cancels a build when the client disconnects. podman's compat build keeps running
    // and tags the image later, so a podman build is awaited to its end instead of cancelled.
    if (req.signal && this.kind === 'docker') {
      query.abortSignal = req.signal;
      req.signal.addEventListener('abort', () => tar.destroy(), { once: true });
    }
    let stream: Readable;
    try {
      stream = (await this.docker.buildImage(tar, query)) as unknown as Readable;
    } catch (err) {
      tar.destroy();
      throw engineErrorFrom(err, 'build');
    }
    const steps = new StepTracker();
    let imageId: string | undefined;
    await readJsonStream(
      stream,
      (msg: StreamMessage) => {
        for (const line of forwardLines(msg.stream, req.onProgress)) steps.observe(line);
        if (msg.status) req.onProgress?.(msg.status);
        const aux = msg.aux as { ID?: string } | undefined;
        if (aux && typeof aux === 'object' && aux.ID) imageId = aux.ID;
      },
      (m) => steps.describe(m),
    );
    if (!imageId) {
      const details = await this.inspect(req.tags[0]);
      if (!details)
        throw new EngineError(`build finished but ${req.tags[0]} is not in the image store`);
      imageId = details.id;
    }
    return { imageId: imageId.startsWith('sha256:') ? imageId : `sha256:${imageId}` };
  }

  /** `POST /images/{source}/tag` — adds `target` (`repo:tag`), overwriting an existing tag. */
  async tag(source: string, target: string): Promise<void> {
    const { repository, tag } = splitNameTag(target);
    try {
      await this.docker.getImage(source).tag({ repo: repository, tag });
    } catch (err) {
      throw engineErrorFrom(err, `tag ${source} as ${target}`);
    }
  }

  /**
   * `POST /images/{name}/push?tag=` with X-Registry-Auth. Always passes the tag (podman pushes
   * only `latest` without it). A failure before any progress is an HTTP error on podman and an
   * `errorDetail` in the stream on docker: both become an EngineError.
   */
  async push(req: PushRequest): Promise<PushResult> {
    try {
      return await this.pushOnce(req);
    } catch (err) {
      throw this.node ? this.node.classify(err) : err;
    }
  }

  private async pushOnce(req: PushRequest): Promise<PushResult> {
    const { repository, tag } = splitNameTag(req.reference);
    const query: Record<string, unknown> = {
      tag,
      authconfig: { base64: encodeRegistryAuth(req.auth) },
    };
    if (req.insecure && this.kind === 'podman') query.tlsVerify = false;
    if (req.signal) query.abortSignal = req.signal;
    let stream: Readable;
    try {
      stream = (await this.docker.getImage(repository).push(query)) as unknown as Readable;
    } catch (err) {
      throw engineErrorFrom(err, `push ${req.reference}`);
    }
    let digest: string | undefined;
    let source: PushResult['digestSource'] = 'unknown';
    const meter = req.onBytes ? new TransferMeter(req.onBytes) : undefined;
    try {
      await readJsonStream(
        stream,
        (msg) => {
          if (meter && msg.id) {
            const d = msg.progressDetail;
            if (d?.total) meter.update(msg.id, d.current ?? 0, d.total);
            if (msg.status === 'Pushed') meter.complete(msg.id);
          }
          const aux = msg.aux as { Digest?: string } | undefined;
          if (aux && typeof aux === 'object' && aux.Digest) {
            digest = aux.Digest;
            source = 'aux';
          }
          if (msg.status) {
            const m = DIGEST_LINE.exec(msg.status);
            if (m && source !== 'aux') {
              digest = m[2];
              source = 'status';
            }
            req.onProgress?.(msg.id ? `${msg.id}: ${msg.status}` : msg.status);
          }
          forwardLines(msg.stream, req.onProgress);
        },
        (m) => `push ${req.reference}: ${m}`,
      );
    } finally {
      meter?.finish();
    }
    if (!digest && req.digestFallback) {
      digest = await req.digestFallback();
      if (digest) source = 'fallback';
    }
    return { digest, digestSource: source };
  }

  /** `POST /images/create?fromImage=&tag=` with X-Registry-Auth. */
  async pull(
    reference: string,
    options: { auth?: RegistryAuth; insecure?: boolean; onProgress?: ProgressHandler } = {},
  ) {
    const authconfig = { base64: encodeRegistryAuth(options.auth) };
    let stream: Readable;
    try {
      // podman's compat /images/create has no tlsVerify: an insecure pull uses the libpod
      // endpoint, which takes the same X-Registry-Auth and streams the same JSON lines.
      stream =
        options.insecure && this.kind === 'podman'
          ? await this.dialStream(
              '/libpod/images/pull?',
              { reference, tlsVerify: false },
              authconfig,
            )
          : ((await this.docker.pull(reference, { authconfig })) as unknown as Readable);
    } catch (err) {
      throw engineErrorFrom(err, `pull ${reference}`);
    }
    await readJsonStream(
      stream,
      (msg) => {
        if (msg.status) options.onProgress?.(msg.id ? `${msg.id}: ${msg.status}` : msg.status);
      },
      (m) => `pull ${reference}: ${m}`,
    );
  }

  /**
   * `POST /auth`: checks credentials without storing them. Docker answers 401 for bad
   * credentials, podman 500: both reject with an EngineError whose
   * message names the registry, never the password.
   */
  async checkAuth(auth: RegistryAuth): Promise<void> {
    try {
      await this.docker.checkAuth({ ...auth });
    } catch (err) {
      const e = engineErrorFrom(err, `login to ${auth.serveraddress}`);
      const redactor = new Redactor();
      redactor.addCredential(auth.username, auth.password);
      throw new EngineError(redactor.redact(e.message), e.statusCode, { cause: err });
    }
  }

  private dialStream(
    path: string,
    options: Record<string, unknown>,
    authconfig: { base64: string },
  ): Promise<Readable> {
    return new Promise((resolve, reject) => {
      this.docker.modem.dial(
        {
          path,
          method: 'POST',
          options,
          authconfig,
          isStream: true,
          statusCodes: { 200: true, 404: 'not found', 500: 'server error' },
        },
        (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as Readable)),
      );
    });
  }

  /**
   * `GET /images/json`: every `repo:tag` in the image store. podman fails the whole listing
   * with a 500 ('image not known') when another client removes an image while it lists: the
   * listing is retried with the registry client's request backoff (six attempts over a few
   * seconds), so callers see a consistent snapshot even while images come and go.
   */
  async listTags(): Promise<string[]> {
    try {
      const images = await withRetry(() => this.docker.listImages(), {
        ...REQUEST_RETRY,
        retryable: (err) => /image not known/.test((err as Error).message),
      });
      return images.flatMap((i) => i.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
    } catch (err) {
      throw engineErrorFrom(err, 'list images');
    }
  }

  /** `GET /images/{name}/json`, or undefined when the engine has no such image. */
  async inspect(reference: string): Promise<ImageDetails | undefined> {
    try {
      const d = await this.docker.getImage(reference).inspect();
      const raw = d as unknown as { Variant?: string };
      return {
        id: d.Id.startsWith('sha256:') ? d.Id : `sha256:${d.Id}`,
        repoTags: d.RepoTags ?? [],
        repoDigests: d.RepoDigests ?? [],
        labels: (d.Config?.Labels as Record<string, string> | null) ?? {},
        architecture: d.Architecture,
        os: d.Os,
        variant: raw.Variant || undefined,
      };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw engineErrorFrom(err, `inspect ${reference}`);
    }
  }

  /**
   * `DELETE /images/{name}`. Removing a name that shares its ID with other tags only untags it.
   * A missing image is not an error. Untagged parent layers are kept unless `noprune: false`
   * is asked for: they are build cache that a concurrent build may be using (podman fails such
   * a build with "layer not known", docker with "unable to find image").
   */
  async remove(
    reference: string,
    options: { force?: boolean; noprune?: boolean } = {},
  ): Promise<void> {
    try {
      await this.docker
        .getImage(reference)
        .remove({ force: options.force ?? false, noprune: options.noprune ?? true });
    } catch (err) {
      if (isNotFound(err)) return;
      throw engineErrorFrom(err, `remove ${reference}`);
    }
  }
}
