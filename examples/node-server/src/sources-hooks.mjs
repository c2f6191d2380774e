const root = new URL('../../../', import.meta.url);
const packages = new URL('packages/', root).href;

export async function resolve(specifier, context, next) {
  const m = /^@mcp-oauth\/([a-z0-9-]+)(?:\/([a-z0-9-]+))?$/.exec(specifier);
  if (m) return { url: new URL(`packages/${m[1]}/src/${m[2] ?? 'index'}.ts`, root).href, shortCircuit: true };
  if (/^\.\.?\//.test(specifier) && context.parentURL?.startsWith(packages) && !/\.[cm]?[jt]s$/.test(specifier)) {
    for (const suffix of ['.ts', '/index.ts']) {
      try { return await next(specifier + suffix, context); } catch { /* try the next form */ }
    }
  }
  return next(specifier, context);
}
