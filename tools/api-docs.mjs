// Writes docs/api/<package>.md from the TSDoc of each package's built declarations (dist/*.d.ts,
// one section per export subpath), and checks that docs/errors.md documents every error code of
// every closed union `*ErrorCode` in packages/*/src (and no code that no longer exists).
//   node tools/api-docs.mjs            write docs/api/*.md (build the packages first)
//   node tools/api-docs.mjs --check    exit 1 when docs/api is stale, a package is not built, or
//                                      docs/errors.md misses (or invents) a code
//   node tools/api-docs.mjs --errors   print every error code with its source comment (a skeleton)
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { entryPoints, packages, root } from './workspace.mjs';

const check = process.argv.includes('--check');
const apiDir = join(root, 'docs', 'api');
const problems = [];

// ---------- error codes from the sources ----------

/** @returns {{ pkg: string, union: string, cls: string, codes: { code: string, doc: string }[] }[]} */
function errorUnions() {
  const out = [];
  for (const p of packages()) {
    const files = [];
    const walk = (d) => {
      if (!existsSync(d)) return;
      for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const f = join(d, e.name);
        if (e.isDirectory()) walk(f);
        else if (e.name === 'errors.ts') files.push(f);
      }
    };
    walk(join(p.dir, 'src'));
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      for (const st of sf.statements) {
        if (!ts.isTypeAliasDeclaration(st) || !/ErrorCode$/.test(st.name.text)) continue;
        if (!st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
        const members = ts.isUnionTypeNode(st.type) ? st.type.types : [st.type];
        const codes = [];
        let prev = st.type.pos;
        for (const m of members) {
          if (!ts.isLiteralTypeNode(m) || !ts.isStringLiteral(m.literal)) {
            problems.push(`${relative(root, file)}: ${st.name.text} has a member that is not a string literal`);
            continue;
          }
          const between = text.slice(prev, m.getStart(sf));
          const doc = /\/\*\*([\s\S]*?)\*\//.exec(between)?.[1].replace(/\s*\n\s*\*?\s*/g, ' ').trim() ?? '';
          codes.push({ code: m.literal.text, doc });
          prev = m.end;
        }
        out.push({ pkg: p.name, union: st.name.text, cls: st.name.text.replace(/Code$/, ''), codes });
      }
    }
  }
  return out;
}

function checkErrorsDoc(unions) {
  const file = join(root, 'docs', 'errors.md');
  if (!existsSync(file)) {
    problems.push('docs/errors.md is missing');
    return;
  }
  // Sections are `## <ErrorClass> ...` headings; a documented code is a table row `| \`Code\` |`.
  const sections = new Map();
  let current;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const h = /^## `?(\w+)`?/.exec(line);
    if (h) {
      current = new Set();
      sections.set(h[1], current);
      continue;
    }
    // a `###` subsection (e.g. the token-refusal reasons under ServerFlowError) holds no codes
    if (line.startsWith('### ')) { current = undefined; continue; }
    const row = /^\| `([\w-]+)` \|/.exec(line);
    if (row && current) current.add(row[1]);
  }
  for (const u of unions) {
    const documented = sections.get(u.cls);
    if (!documented) {
      problems.push(`docs/errors.md: no "## ${u.cls}" section for ${u.pkg}`);
      continue;
    }
    for (const { code } of u.codes) {
      if (!documented.has(code)) problems.push(`docs/errors.md: ${u.cls} code \`${code}\` (${u.pkg}) is not documented`);
    }
    const known = new Set(u.codes.map((c) => c.code));
    for (const code of documented) {
      if (!known.has(code)) problems.push(`docs/errors.md: ${u.cls} documents \`${code}\`, which ${u.pkg} no longer has`);
    }
  }
}

// ---------- API reference from dist/*.d.ts ----------

const text = (parts) => (parts ? ts.displayPartsToString(parts) : '')
  .replace(/\{@link(?:code|plain)?\s+([^}|\s]+)(?:\s*\|\s*([^}]+)|\s+([^}]+))?\}/g, (_, target, a, b) => `\`${(a ?? b ?? target).trim()}\``)
  .replace(/\r/g, '')
  .trim();

/**
 * An @example body. An example that imports what it uses is fenced `ts` and type-checked with the
 * guides (tools/check-docs.mjs); a fragment without imports is fenced `ts no-check`.
 */
function example(body) {
  const fence = /^\s*import\s/m.test(body) ? 'ts' : 'ts no-check';
  if (!/```/.test(body)) return `\`\`\`${fence}\n${body}\n\`\`\``;
  return body.replace(/^(\s*)```(?:ts|typescript|js)?\s*$/gm, (line, indent, offset, all) => {
    const before = all.slice(0, offset).match(/^\s*```/gm)?.length ?? 0;
    return before % 2 === 0 ? `${indent}\`\`\`${fence}` : `${indent}\`\`\``;
  });
}

function signature(decl, sf) {
  let node = decl;
  if (ts.isVariableDeclaration(node)) node = node.parent.parent; // the VariableStatement
  return node.getText(sf).replace(/^(export\s+)?(default\s+)?(declare\s+)?/, '').replace(/[ \t]+$/gm, '');
}

const KIND_ORDER = ['function', 'class', 'const', 'interface', 'type'];
function kindOf(decl) {
  if (ts.isFunctionDeclaration(decl)) return 'function';
  if (ts.isClassDeclaration(decl)) return 'class';
  if (ts.isVariableDeclaration(decl)) return 'const';
  if (ts.isInterfaceDeclaration(decl)) return 'interface';
  return 'type';
}

function renderEntry(checker, moduleSymbol) {
  const items = [];
  for (const exp of checker.getExportsOfModule(moduleSymbol)) {
    const sym = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
    const decls = (sym.declarations ?? []).filter((d) => !ts.isModuleDeclaration(d));
    if (decls.length === 0) continue;
    const kind = kindOf(decls[0]);
    const sig = decls.map((d) => signature(d, d.getSourceFile())).join('\n');
    const lines = [`### \`${exp.name}\``, '', `*${kind}*`, '', '```ts no-check', sig, '```', ''];
    const summary = text(sym.getDocumentationComment(checker));
    if (summary) lines.push(summary, '');
    const tags = sym.getJsDocTags(checker);
    const group = (name) => tags.filter((t) => t.name === name).map((t) => text(t.text));
    const params = group('param');
    if (params.length) {
      lines.push('**Parameters**', '');
      for (const p of params) {
        const m = /^(\S+)\s*(?:-\s*)?([\s\S]*)$/.exec(p);
        lines.push(m ? `- \`${m[1]}\`${m[2] ? ` — ${m[2].replace(/\n\s*/g, ' ')}` : ''}` : `- ${p}`);
      }
      lines.push('');
    }
    for (const r of [...group('returns'), ...group('return')]) lines.push(`**Returns** ${r.replace(/\n\s*/g, ' ')}`, '');
    const throws = group('throws');
    if (throws.length) {
      lines.push('**Throws**', '');
      for (const t of throws) lines.push(`- ${t.replace(/^\{(\w+)\}\s*/, '`$1` ').replace(/\n\s*/g, ' ')}`);
      lines.push('');
    }
    for (const e of group('example')) lines.push('**Example**', '', example(e), '');
    const sees = group('see');
    if (sees.length) {
      lines.push('**See**', '');
      for (const s of sees) lines.push(`- ${/^https?:\/\/\S+$/.test(s) ? `<${s}>` : s.replace(/\n\s*/g, ' ')}`);
      lines.push('');
    }
    for (const d of group('deprecated')) lines.push(`**Deprecated** ${d}`, '');
    items.push({ name: exp.name, kind, lines });
  }
  items.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return items;
}

function renderPackage(p) {
  const entries = entryPoints(p.pkg);
  const files = Object.entries(entries).map(([sub, entry]) => ({ sub, file: join(p.dir, 'dist', `${entry}.d.ts`) }));
  const missing = files.filter((f) => !existsSync(f.file));
  if (files.length === 0) return null;
  if (missing.length) {
    problems.push(`${p.name}: not built (${missing.map((m) => relative(root, m.file)).join(', ')}); run its build first`);
    return null;
  }
  const program = ts.createProgram(files.map((f) => f.file), {
    noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [],
  });
  const checker = program.getTypeChecker();
  const out = [
    `# ${p.name}`, '',
    '<!-- Generated by `node tools/api-docs.mjs` from the TSDoc in dist/*.d.ts. Do not edit. -->', '',
  ];
  if (p.pkg.description) out.push(p.pkg.description, '');
  out.push(`Package README: [packages/${p.short}/README.md](../../packages/${p.short}/README.md)`, '');
  for (const { sub, file } of files) {
    const spec = sub === '.' ? p.name : `${p.name}/${sub.slice(2)}`;
    const sf = program.getSourceFile(file);
    const moduleSymbol = sf && checker.getSymbolAtLocation(sf);
    out.push(`## \`${spec}\``, '');
    if (!moduleSymbol) {
      out.push('*(no exports)*', '');
      continue;
    }
    const items = renderEntry(checker, moduleSymbol);
    out.push(items.map((i) => `[\`${i.name}\`](#${anchor(spec, i.name)})`).join(' · '), '');
    for (const i of items) {
      i.lines[0] = `<a id="${anchor(spec, i.name)}"></a>\n\n${i.lines[0]}`;
      out.push(...i.lines);
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

const anchor = (spec, name) => `${spec.replace(/^@mcp-oauth\//, '').replace(/[^a-z0-9]+/gi, '-')}-${name}`.toLowerCase();

// ---------- main ----------

const unions = errorUnions();
if (process.argv.includes('--errors')) {
  for (const u of unions) {
    console.log(`\n## ${u.cls} (${u.pkg})\n`);
    for (const c of u.codes) console.log(`| \`${c.code}\` | ${c.doc} |`);
  }
  process.exit(0);
}

const wanted = new Map();
const index = [
  '# API reference', '',
  '<!-- Generated by `node tools/api-docs.mjs`. Do not edit. -->', '',
  'Generated from the TSDoc of each package\'s published declarations (`dist/*.d.ts`): every export of',
  'every entry point with its signature, summary, parameters, return value, the errors it throws, its',
  'examples and the RFC sections it implements. Regenerate with `pnpm -r --filter "./packages/*" run build`',
  'then `node tools/api-docs.mjs`; `node tools/api-docs.mjs --check` fails when these files are stale.', '',
  'The examples are the TSDoc `@example` blocks of the sources. Those that import what they use are',
  'type-checked with the guides (`node tools/check-docs.mjs`); fragments without imports are shown as',
  'written, fenced `ts no-check`.', '',
  '| package | entry points | reference |', '| --- | --- | --- |',
];
for (const p of packages()) {
  if (p.pkg.private) continue;
  const md = renderPackage(p);
  if (md === null) continue;
  wanted.set(`${p.short}.md`, md);
  const subs = Object.keys(entryPoints(p.pkg)).map((s) => `\`${s === '.' ? p.name : `${p.name}/${s.slice(2)}`}\``).join(', ');
  index.push(`| \`${p.name}\` | ${subs} | [${p.short}.md](${p.short}.md) |`);
}
wanted.set('README.md', `${index.join('\n')}\n`);

if (check) {
  for (const [name, md] of wanted) {
    const f = join(apiDir, name);
    if (!existsSync(f)) problems.push(`docs/api/${name} is missing; run node tools/api-docs.mjs`);
    else if (readFileSync(f, 'utf8') !== md) problems.push(`docs/api/${name} is stale; run node tools/api-docs.mjs`);
  }
  if (existsSync(apiDir)) {
    const owned = new Set(['README.md', ...packages().map((p) => `${p.short}.md`)]);
    for (const f of readdirSync(apiDir)) if (!owned.has(f)) problems.push(`docs/api/${f} belongs to no package`);
  }
} else {
  mkdirSync(apiDir, { recursive: true });
  // Remove only files of packages that no longer exist (an unbuilt package keeps its old file and fails).
  const owned = new Set(['README.md', ...packages().map((p) => `${p.short}.md`)]);
  for (const f of readdirSync(apiDir)) if (!owned.has(f)) rmSync(join(apiDir, f));
  for (const [name, md] of wanted) writeFileSync(join(apiDir, name), md);
  console.log(`docs/api: ${wanted.size} files written`);
}
checkErrorsDoc(unions);
const codeCount = unions.reduce((n, u) => n + u.codes.length, 0);
if (problems.length) {
  for (const p of problems) console.log(`✗ ${p}`);
  process.exit(1);
}
console.log(`api docs ${check ? 'up to date' : 'written'}; docs/errors.md covers ${codeCount} codes of ${unions.length} error classes`);
