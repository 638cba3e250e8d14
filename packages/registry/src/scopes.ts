/** Token scopes (distribution `docs/spec/auth/scope.md`). */
export const pull = (repo: string) => `repository:${repo}:pull`;
export const push = (repo: string) => `repository:${repo}:pull,push`;
/** distribution maps every DELETE to the `delete` action. */
export const del = (repo: string) => `repository:${repo}:delete`;
