// A store that fails is unavailable, not a bug: a method that throws anything but a ServerFlowError
// (a lost Redis connection, a locked SQLite file) becomes `StoreUnavailable`, which every endpoint
// answers with 503 `temporarily_unavailable` and `Retry-After`, and the bearer check with 503: never
// 500, and never 401 (which would make clients drop good tokens and sign in again).
import { ServerFlowError } from '../errors';
import type { Store } from '../store';

/**
 * `store` with each method's failure turned into `StoreUnavailable`; `report` gets the method's
 * name, never the store's error (it may carry record values). Other properties and synchronous
 * results pass unchanged.
 */
export function guardStore(store: Store, report: (operation: string) => void): Store {
  const wrapped = new WeakMap<object, unknown>();
  return new Proxy(store, {
    get(target, name, receiver) {
      const f: unknown = Reflect.get(target, name, receiver);
      if (typeof f !== 'function') return f;
      let g = wrapped.get(f);
      if (g === undefined) {
        const fail = (e: unknown): never => {
          if (e instanceof ServerFlowError) throw e;
          report(String(name));
          throw new ServerFlowError('StoreUnavailable');
        };
        g = (...args: unknown[]): unknown => {
          let r: unknown;
          try { r = f.apply(target, args); } catch (e) { return Promise.reject(e).catch(fail); }
          return r instanceof Promise ? r.catch(fail) : r;
        };
        wrapped.set(f, g);
      }
      return g;
    },
  });
}

/** For `.catch` where a failure reads as absent: the store being unavailable is passed on. */
export const absentUnlessDown = (e: unknown): undefined => {
  if (e instanceof ServerFlowError && e.code === 'StoreUnavailable') throw e;
  return undefined;
};
