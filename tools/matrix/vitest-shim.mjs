// A small stand-in for the parts of the `vitest` module our tests use, so the same test files run
// bundled on runtimes where Vitest itself does not (Node 20, Deno, Bun, Chromium). Assertions are
// Vitest's own (`@vitest/expect` on chai), so matchers behave identically; only the runner is ours.
import * as chai from 'chai';
import { ASYMMETRIC_MATCHERS_OBJECT, JestAsymmetricMatchers, JestChaiExpect, JestExtend, customMatchers, getState, setState } from '@vitest/expect';
import * as spy from '@vitest/spy';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

export const expect = (value, message) => {
  const { assertionCalls } = getState(expect);
  setState({ assertionCalls: assertionCalls + 1 }, expect);
  return chai.expect(value, message);
};
Object.assign(expect, chai.expect);
Object.assign(expect, globalThis[ASYMMETRIC_MATCHERS_OBJECT]);
expect.getState = () => getState(expect);
expect.setState = (s) => setState(s, expect);
setState({ assertionCalls: 0, isExpectingAssertions: false, expectedAssertionsNumber: null, currentTestName: '' }, expect);
expect.extend = (m) => chai.expect.extend(expect, m);
expect.assert = chai.assert;
expect.unreachable = (message) => chai.assert.fail(`expected${message ? ` "${message}" ` : ' '}not to be reached`);
expect.assertions = (n) => setState({ expectedAssertionsNumber: n }, expect);
expect.hasAssertions = () => setState({ isExpectingAssertions: true }, expect);
expect.extend(customMatchers);
// expect.poll(fn, { timeout = 1000, interval = 50 }).matcher(...): retries fn and the matcher until
// the matcher passes or the time is up (then the last failure is thrown), as Vitest's does.
expect.poll = (fn, { timeout = 1000, interval = 50 } = {}) => {
  const chain = (negate) => new Proxy({}, {
    get: (_, name) => name === 'not' ? chain(!negate) : async (...args) => {
      const end = Date.now() + timeout;
      for (;;) {
        try {
          const e = expect(await fn());
          return await (negate ? e.not : e)[name](...args);
        } catch (error) {
          if (Date.now() >= end) throw error;
          await new Promise((r) => setTimeout(r, interval));
        }
      }
    },
  });
  return chain(false);
};
export const assert = chai.assert;

export const vi = {
  fn: spy.fn,
  spyOn: spy.spyOn,
  isMockFunction: spy.isMockFunction,
  mocked: (x) => x,
  restoreAllMocks: () => spy.restoreAllMocks?.(),
  clearAllMocks: () => spy.clearAllMocks?.(),
  resetAllMocks: () => spy.resetAllMocks?.(),
};

// ---- registration -------------------------------------------------------------------------------
const newSuite = (name, parent) => ({ name, parent, children: [], beforeAll: [], afterAll: [], beforeEach: [], afterEach: [], skip: parent?.skip ?? false });
const rootSuite = newSuite('', null);
let current = rootSuite;

function format(name, args, index) {
  let i = 0;
  let out = String(name).replace(/%[sdifjo#%]/g, (m) => {
    if (m === '%%') return '%';
    if (m === '%#') return String(index);
    const v = args[i++];
    return m === '%j' || m === '%o' ? JSON.stringify(v) : String(v);
  });
  const obj = args.length === 1 && args[0] && typeof args[0] === 'object' ? args[0] : null;
  if (obj) out = out.replace(/\$([A-Za-z_][\w.]*)/g, (m, k) => (k in obj ? String(obj[k]) : m));
  return out;
}

function each(register) {
  return (table) => (name, fn, timeout) =>
    table.forEach((row, index) => {
      const args = Array.isArray(row) ? row : [row];
      register(format(name, args, index), () => fn(...args), timeout);
    });
}

function registerSuite(name, fn, skip = false) {
  const suite = newSuite(name, current);
  suite.skip ||= skip;
  current.children.push(suite);
  const prev = current;
  current = suite;
  try {
    const r = fn?.();
    if (r && typeof r.then === 'function') throw new Error('describe() callbacks must be synchronous');
  } finally {
    current = prev;
  }
}

function registerTest(name, fn, timeout, skip = false) {
  const opts = typeof timeout === 'object' && timeout ? timeout : {};
  current.children.push({ name, fn, timeout: typeof timeout === 'number' ? timeout : opts.timeout ?? 30_000, skip: skip || current.skip || !fn });
}

export const describe = (name, fn) => registerSuite(name, fn);
describe.skip = (name, fn) => registerSuite(name, fn, true);
describe.each = each((name, fn) => registerSuite(name, fn));
describe.skipIf = (cond) => (name, fn) => registerSuite(name, fn, !!cond);
describe.runIf = (cond) => (name, fn) => registerSuite(name, fn, !cond);
describe.concurrent = describe;
describe.sequential = describe;
export const suite = describe;

export const it = (name, fn, timeout) => registerTest(name, fn, timeout);
it.skip = (name, fn) => registerTest(name, fn, undefined, true);
it.todo = (name) => registerTest(name, undefined, undefined, true);
it.each = each((name, fn, timeout) => registerTest(name, fn, timeout));
it.for = (table) => (name, fn, timeout) =>
  table.forEach((row, index) => registerTest(format(name, Array.isArray(row) ? row : [row], index), () => fn(row, {}), timeout));
it.skipIf = (cond) => (name, fn, timeout) => registerTest(name, fn, timeout, !!cond);
it.runIf = (cond) => (name, fn, timeout) => registerTest(name, fn, timeout, !cond);
it.concurrent = it;
it.fails = (name, fn, timeout) =>
  registerTest(name, async () => {
    let failed = false;
    try { await fn(); } catch { failed = true; }
    if (!failed) throw new Error('expected test to fail');
  }, timeout);
export const test = it;

export const beforeAll = (fn) => current.beforeAll.push(fn);
export const afterAll = (fn) => current.afterAll.push(fn);
export const beforeEach = (fn) => current.beforeEach.push(fn);
export const afterEach = (fn) => current.afterEach.push(fn);
export const onTestFinished = () => { throw new Error('onTestFinished is not supported by the matrix runner'); };

// ---- running ------------------------------------------------------------------------------------
function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

function hooks(suite, kind) {
  const chain = [];
  for (let s = suite; s; s = s.parent) chain.unshift(s);
  const list = chain.flatMap((s) => s[kind]);
  return kind === 'afterEach' ? list.reverse() : list;
}

const fullName = (suite, name) => {
  const parts = [];
  for (let s = suite; s && s.parent; s = s.parent) parts.unshift(s.name);
  return [...parts, name].join(' > ');
};

/** Runs every registered test in order; returns counts and failures (name + message). */
export async function __runRegistered(log = () => {}) {
  const result = { passed: 0, failed: 0, skipped: 0, failures: [] };
  async function runSuite(suite) {
    const runnable = (s) => s.children.some((c) => (c.children ? runnable(c) : !c.skip));
    const active = !suite.skip && runnable(suite);
    try {
      if (active) for (const h of suite.beforeAll) await withTimeout(Promise.resolve().then(h), 30_000, 'beforeAll');
    } catch (e) {
      result.failed++;
      result.failures.push({ name: fullName(suite, '(beforeAll)'), message: String(e?.stack ?? e) });
      return;
    }
    for (const child of suite.children) {
      if (child.children) { await runSuite(child); continue; }
      const name = fullName(suite, child.name);
      if (child.skip) { result.skipped++; continue; }
      setState({ assertionCalls: 0, currentTestName: name, expectedAssertionsNumber: null, isExpectingAssertions: false }, expect);
      try {
        for (const h of hooks(suite, 'beforeEach')) await h();
        await withTimeout(Promise.resolve().then(() => child.fn({ expect, skip: () => { throw new Error('ctx.skip unsupported'); } })), child.timeout, 'test');
        const st = getState(expect);
        if (st.expectedAssertionsNumber !== null && st.assertionCalls !== st.expectedAssertionsNumber) {
          throw new Error(`expected ${st.expectedAssertionsNumber} assertions, got ${st.assertionCalls}`);
        }
        if (st.isExpectingAssertions && st.assertionCalls === 0) throw new Error('expected at least one assertion');
        for (const h of hooks(suite, 'afterEach')) await h();
        result.passed++;
      } catch (e) {
        result.failed++;
        result.failures.push({ name, message: String(e?.stack ?? e?.message ?? e).slice(0, 4000) });
        log(`  FAIL ${name}`);
      }
    }
    try {
      if (active) for (const h of suite.afterAll) await h();
    } catch (e) {
      result.failed++;
      result.failures.push({ name: fullName(suite, '(afterAll)'), message: String(e?.stack ?? e) });
    }
  }
  await runSuite(rootSuite);
  return result;
}
