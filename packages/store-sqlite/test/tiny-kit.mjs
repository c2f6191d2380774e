// A stand-in for describe/it/expect, for running the shared Store suite where Vitest does not run
// (Bun, workerd): collect the cases, run them in order, report each one's name and outcome.
const equal = (a, b) => {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
};
const check = (ok, what) => { if (!ok) throw new Error(`expected ${what}`); };

/** @returns {{ kit: any, run: () => Promise<{ name: string, ok: boolean, error?: string }[]> }} */
export function tinyKit() {
  const cases = [];
  const prefix = [];
  const kit = {
    describe: (name, body) => { prefix.push(name); body(); prefix.pop(); },
    it: (name, body) => { cases.push({ name: [...prefix, name].join(' › '), body }); },
    expect: (v) => ({
      toBe: (e) => check(Object.is(v, e), `${JSON.stringify(v)} to be ${JSON.stringify(e)}`),
      toEqual: (e) => check(equal(v, e), `${JSON.stringify(v)} to equal ${JSON.stringify(e)}`),
      toBeUndefined: () => check(v === undefined, `${JSON.stringify(v)} to be undefined`),
    }),
  };
  const run = async () => {
    const results = [];
    for (const c of cases) {
      try { await c.body(); results.push({ name: c.name, ok: true }); }
      catch (e) { results.push({ name: c.name, ok: false, error: String(e?.stack ?? e) }); }
    }
    return results;
  };
  return { kit, run };
}
