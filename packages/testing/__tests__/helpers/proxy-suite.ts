import {
  FaultProxy,
  FaultProxyOptions,
  RegistryServer,
  startFaultProxy,
  startRegistry,
} from '../../src';

/**
 * The fault-proxy suites' fixture: one real registry for the suite, and fault proxies in front
 * of it that each test starts with `proxy()` and that are stopped after that test.
 */
export function useProxySuite(): {
  env: { registry: RegistryServer };
  proxy: (opts?: Partial<FaultProxyOptions>) => Promise<FaultProxy>;
} {
  const env = {} as { registry: RegistryServer };
  const proxies: FaultProxy[] = [];
  beforeAll(async () => {
    env.registry = await startRegistry();
  });
  afterEach(async () => {
    await Promise.all(proxies.splice(0).map((p) => p.stop()));
  });
  afterAll(async () => {
    await env.registry.stop();
  });
  const proxy = async (opts: Partial<FaultProxyOptions> = {}) => {
    const p = await startFaultProxy({ target: env.registry.url, ...opts });
    proxies.push(p);
    return p;
  };
  return { env, proxy };
}
