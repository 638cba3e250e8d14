import { RequestKind, seededRandom } from './classify';

/** One injected failure (or slowdown). */
export type Fault =
  /** Answer with this status and a registry-style error body; 429 may carry `Retry-After`. */
  | { type: 'status'; status: number; retryAfter?: number }
  /**
   * Reset the client's TCP connection (RST). `before-response` (default): the request never
   * reaches the registry. `mid-response`: the registry handles the request, the client gets
   * the status line, headers and at most the first body chunk, then the reset — the case
   * where a write happened but the client cannot know it.
   */
  | { type: 'reset'; phase?: 'before-response' | 'mid-response' }
  /** Hold the request for `ms` before forwarding it (combines with the other faults). */
  | { type: 'delay'; ms: number };

/** What a rule sees of a request. `n` is the proxy-wide 1-based request number. */
export interface RequestInfo {
  n: number;
  method: string;
  path: string;
  kind: RequestKind;
}

export interface FaultRule {
  /** The fault, or several to pick from uniformly (seeded) each time the rule fires. */
  fault: Fault | Fault[];
  /** Only requests with this method / these methods (upper case). */
  method?: string | string[];
  /** Only requests whose path (with query) matches. */
  path?: RegExp;
  /** Only requests of this kind / these kinds. */
  kind?: RequestKind | RequestKind[];
  /** Any other predicate. */
  match?: (req: RequestInfo) => boolean;
  /** Fire on this fraction (0..1) of the matching requests, decided by the seeded PRNG. */
  rate?: number;
  /** Fire on these 1-based numbers of the requests this rule matches (1 = first match). */
  requests?: number[];
  /** Fire at most this many times. */
  times?: number;
}

/** Label used in the counters: `500`, `429`, `reset`, `reset-mid-response`, `delay`. */
export function faultLabel(f: Fault): string {
  if (f.type === 'status') return String(f.status);
  if (f.type === 'reset') return f.phase === 'mid-response' ? 'reset-mid-response' : 'reset';
  return 'delay';
}

const asList = <T>(v: T | T[] | undefined): T[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v : [v];

/** A rule plus its own counters and PRNG (one per rule, so rules do not perturb each other). */
class ArmedRule {
  private matched = 0;
  private fired = 0;
  private readonly random: () => number;
  constructor(
    private readonly rule: FaultRule,
    seed: number,
  ) {
    this.random = seededRandom(seed);
    const r = rule.rate;
    if (r !== undefined && !(r >= 0 && r <= 1)) throw new Error(`fault rate ${r} not in 0..1`);
  }

  private matches(req: RequestInfo): boolean {
    const r = this.rule;
    const methods = asList(r.method);
    if (methods && !methods.includes(req.method)) return false;
    const kinds = asList(r.kind);
    if (kinds && !kinds.includes(req.kind)) return false;
    if (r.path && !r.path.test(req.path)) return false;
    return !r.match || r.match(req);
  }

  /** Decides for one request; returns the fault to inject or undefined. */
  decide(req: RequestInfo): Fault | undefined {
    if (!this.matches(req)) return undefined;
    this.matched++;
    const r = this.rule;
    if (r.times !== undefined && this.fired >= r.times) return undefined;
    let fire = true;
    if (r.requests) fire = r.requests.includes(this.matched);
    // The PRNG is drawn for every matching request, fired or not, so the decision sequence
    // depends only on the order of matching requests.
    if (r.rate !== undefined) fire = this.random() < r.rate && fire;
    if (!fire) return undefined;
    this.fired++;
    const faults = asList(r.fault) as Fault[];
    return faults.length === 1 ? faults[0] : faults[Math.floor(this.random() * faults.length)];
  }
}

/** The decision for one request: a total delay and at most one terminal fault. */
export interface Decision {
  delayMs: number;
  fault?: Exclude<Fault, { type: 'delay' }>;
  labels: string[];
}

/**
 * The active rule set. Every rule sees every request (so counts per rule stay exact);
 * delays add up, and the first terminal fault (status or reset) wins.
 */
export class FaultPlan {
  private readonly armed: ArmedRule[];
  constructor(rules: FaultRule[], seed: number) {
    this.armed = rules.map((r, i) => new ArmedRule(r, seed + i * 7919));
  }

  decide(req: RequestInfo): Decision {
    const d: Decision = { delayMs: 0, labels: [] };
    for (const rule of this.armed) {
      const f = rule.decide(req);
      if (!f) continue;
      if (f.type === 'delay') {
        d.delayMs += f.ms;
        d.labels.push(faultLabel(f));
      } else if (!d.fault) {
        d.fault = f;
        d.labels.push(faultLabel(f));
      }
    }
    return d;
  }
}
