import { callApi } from '../http-api';
import type { ListedTag, TagBackend } from './types';

interface HubTagPage {
  next?: string | null;
  results?: { name: string; last_updated?: string | null }[];
}

/**
 * Docker Hub web API backend (zuul-jobs roles/remove-registry-tag/tasks/docker.yaml): JWT from
 * `POST <api>/users/login/`, `DELETE <api>/repositories/<path>/tags/<tag>/`. Listing follows
 * every `next` page (zuul-jobs read one page of 1000) and is authenticated (private repos).
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

  /**
   * The Authorization header value, from one login per backend; the token lives only in memory
   * and is registered for redaction. First zuul-jobs' `POST /users/login/` (→ `JWT <token>`);
   * when Hub refuses it (deprecated route; personal access tokens with SSO/2FA), the current
   * `POST /auth/token` with `{identifier, secret}` (→ `Bearer <access_token>`).
   */
  private authorization(): Promise<string> {
    this.token ??= this.login();
    return this.token;
  }

  private async login(): Promise<string> {
    const legacy = await callApi({
      method: 'POST',
      url: `${this.base()}/users/login/`,
      json: { username: this.username, password: this.password },
      accept: [401, 403, 404, 410],
      signal: this.signal,
    });
    const token = (legacy.body as { token?: string } | undefined)?.token;
    if (legacy.status < 300 && token) {
      this.addSecret(token);
      return `JWT ${token}`;
    }
    const current = await callApi({
      method: 'POST',
      url: `${this.base()}/auth/token`,
      json: { identifier: this.username, secret: this.password },
      signal: this.signal,
    });
    const access = (current.body as { access_token?: string } | undefined)?.access_token;
    if (!access) throw new Error(`Docker Hub login at ${this.base()} returned no token`);
    this.addSecret(access);
    return `Bearer ${access}`;
  }

  async listTags(): Promise<ListedTag[]> {
    const out: ListedTag[] = [];
    let url: string | null | undefined =
      `${this.base()}/repositories/${this.repoPath}/tags?page_size=100`;
    while (url) {
      const { body } = await callApi({
        url,
        authorization: await this.authorization(),
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
      authorization: await this.authorization(),
      accept: [404],
      signal: this.signal,
    });
    return status === 404 ? 'absent' : 'deleted';
  }
}
