// The loopback fault proxy: see fault-proxy/server.ts.
export { startFaultProxy } from './fault-proxy/server';
export type { FaultProxy, FaultProxyOptions } from './fault-proxy/server';
export type { Fault, FaultRule, RequestInfo } from './fault-proxy/rules';
export type { ProxyStats, ProxyLogEntry } from './fault-proxy/stats';
export { classifyPath } from './fault-proxy/classify';
export type { RequestKind } from './fault-proxy/classify';
