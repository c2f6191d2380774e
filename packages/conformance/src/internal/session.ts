// One run: discovery once, clients shared, each property checked on demand.
import { ConformanceError } from '../errors';
import type { ConformanceOptions, ConformanceResult } from '../types';
import { Skip, Violation, type Ctx, type Discovery } from './context';
import { discover } from './discover';
import { Http } from './http';
import { PROPERTIES } from './properties';
import { curlOf, type Property } from './property';

export interface Session {
  readonly properties: readonly Property[];
  discovery(): Promise<Discovery>;
  run(property: Property): Promise<ConformanceResult>;
  requests(): number;
}

export function createSession(options: ConformanceOptions): Session {
  if (typeof options.url !== 'string' || !URL.canParse(options.url) || !/^https?:$/.test(new URL(options.url).protocol)) throw new TypeError('conformance: url must be an http(s) URL');
  for (const n of ['maxRequests', 'requestsPerSecond', 'timeoutMs', 'numRuns', 'codeLifetimeMs', 'registrationLimit'] as const) {
    const v = options[n];
    if (v !== undefined && !(typeof v === 'number' && v > 0)) throw new RangeError(`conformance: ${n} must be a positive number`);
  }
  const http = new Http({
    fetch: options.fetch ?? ((r) => fetch(r)),
    maxRequests: options.maxRequests ?? 400,
    requestsPerSecond: options.requestsPerSecond ?? 10,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
  let d: Promise<Discovery> | undefined;
  const discovery = (): Promise<Discovery> => (d ??= discover(http, options.url).catch((e: unknown) => {
    if (e instanceof ConformanceError) throw e;
    throw new ConformanceError('DiscoveryFailed', `${new URL(options.url).origin} could not be reached`, { cause: e });
  }));
  let ctx: Ctx | undefined;
  const only = options.only ? new Set(options.only) : undefined;
  return {
    properties: PROPERTIES.filter((p) => !only || only.has(p.id)),
    discovery,
    requests: () => http.count,
    async run(p) {
      const base = { id: p.id, title: p.title };
      if (p.intrusive && !options.intrusive) return { ...base, verdict: 'not-tested', evidence: 'needs --intrusive (registers a client, requests tokens or sends oversized requests)' };
      ctx ??= { http, options, d: await discovery(), numRuns: options.numRuns ?? 8, seed: options.seed, clients: new Map(), counters: { registrations: 0 } };
      try {
        const evidence = await p.run(ctx);
        return { ...base, verdict: 'pass', evidence };
      } catch (e) {
        if (e instanceof Violation) {
          const curl = curlOf(e, http.knownSecrets());
          return { ...base, verdict: 'fail', evidence: e.evidence, fix: p.fix, ...(curl ? { curl } : {}) };
        }
        if (e instanceof Skip) return { ...base, verdict: e.verdict, evidence: e.evidence };
        if (e instanceof ConformanceError) return { ...base, verdict: 'not-tested', evidence: e.message };
        return { ...base, verdict: 'not-tested', evidence: `the check could not complete: ${e instanceof Error ? e.name : 'error'}` };
      }
    },
  };
}
