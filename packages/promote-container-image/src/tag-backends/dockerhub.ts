import { callApi } from '../http-api';
import type { ListedTag, TagBackend } from './types';

interface HubTagPage {
  next?: string | null;
  results?: { name: string; last_updated?: string | null }[];
}

/**
 * Docker Hub web API backend (zuul-jobs roles/remove-registry-tag/tasks/docker.yaml): JWT from
 * `POST <api>/users/login/`, `DELETE <api>/repositories/<path>/tags/<tag>/`. Listing follows
 * every `next` page (zuul-jobs read one page of 1000: B8) and is authenticated (private repos).
 */
export class DockerHubTagBackend implements TagBackend {
  readonly kind = 'docker';
  private token?: Promise<string>;
  constructor(
    readonly repository: string,
    private readonly apiBase: string,
    private readonly repoPath: string,
    private readonly username: string,
    private readonly password: string,
    private readonly addSecret: (v: string) => void,
    private readonly signal?: AbortSignal,
  ) {}

  private base(): string {
    return this.apiBase.replace(/\/+$/, '');
  }

  /** Logs in once per backend; the JWT lives only in memory and is registered for redaction. */
  private jwt(): Promise<string> {
    this.token ??= callApi({
      method: 'POST',
      url: `${this.base()}/users/login/`,
      json: { username: this.username, password: this.password },
      signal: this.signal,
    }).then(({ body }) => {
      const token = (body as { token?: string } | undefined)?.token;
      if (!token) throw new Error(`Docker Hub login at ${this.base()} returned no token`);
      this.addSecret(token);
      return token;
    });
    return this.token;
  }

  async listTags(): Promise<ListedTag[]> {
    const out: ListedTag[] = [];
    let url: string | null | undefined =
      `${this.base()}/repositories/${this.repoPath}/tags?page_size=100`;
    while (url) {
      const { body } = await callApi({
        url,
        authorization: `JWT ${await this.jwt()}`,
        signal: this.signal,
      });
      const data = body as HubTagPage;
      for (const t of data.results ?? []) {
        const when = t.last_updated ? new Date(t.last_updated) : undefined;
        out.push({ name: t.name, lastModified: when && !isNaN(+when) ? when : undefined });
      }
      url = data.next;
    }
    return out;
  }

  async deleteTag(tag: string): Promise<'deleted' | 'absent'> {
    const { status } = await callApi({
      method: 'DELETE',
      url: `${this.base()}/repositories/${this.repoPath}/tags/${encodeURIComponent(tag)}/`,
      authorization: `JWT ${await this.jwt()}`,
      accept: [404],
      signal: this.signal,
    });
    return status === 404 ? 'absent' : 'deleted';
  }
}
