// Bundles the language server, self-contained (dist/esql-lint-lsp.mjs and its chunks in dist/chunks/): every
// workspace package from its sources and the schema data embedded, as the CLI bundle does, so it runs without
// node_modules. Start-up (issue 19): split in two CommonJS bundles loaded through V8's code cache
// (scripts/code-cache.mjs, shipped as chunks/load.mjs): the entry (main.ts: the LSP connection, the
// capabilities) answers `initialize`, then loads the server bundle (server.ts with the linter), which takes
// the entry's vscode-languageserver modules (one copy of the connection's classes) through its require.
import { lazyReferenceParser } from '../../scripts/lazy-reference-parser.mjs';
import { build } from 'esbuild';
import { embedSchemaData } from '../schema/esbuild-embed-data.mjs';
import { precompiledRuleValidators } from '../linter/build/precompile-rule-validators.mjs';
import { lazyLanguages } from '../linter/build/lazy-languages.mjs';
import { lazyPackages } from './lazy-packages.mjs';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { THIRD_PARTY_FILE, writeThirdPartyLicenses } from '../../scripts/third-party-licenses.mjs';
import { LOADER, asciiOnly, prepareBundle, writeBundles, writeEntry } from '../../scripts/cached-bundle.mjs';

const here = (p) => new URL(p, import.meta.url).pathname;

export const SERVER_BUNDLE = here('./dist/esql-lint-lsp.mjs');

/** The chunks directory beside a server bundle. */
export const SERVER_CHUNKS_DIR = 'chunks';

/** The modules the server bundle takes from the entry bundle (the connection's own classes). */
const SHARED = ['vscode-languageserver', 'vscode-languageserver/node.js', 'vscode-languageserver-textdocument'];

/**
 * The server's plugins: the schema data embedded, the rule validators precompiled, and start-up (issue 19):
 * each language's checks (lazy-languages), parser and the ES|QL definitions and analysis (lazy-packages)
 * evaluated when a document first needs them, not when the server starts; Chevrotain when the EQL reference
 * parser is first needed (lazy-reference-parser).
 */
const SERVER_PLUGINS = [embedSchemaData, precompiledRuleValidators, lazyLanguages, lazyPackages, lazyReferenceParser];

const common = {
  bundle: true,
  platform: 'node',
  // VS Code 1.82's extension host runs Node 18.
  target: 'node18',
  conditions: ['source'],
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};

/**
 * Builds the server bundle (tests build their own copy elsewhere), its chunks in `chunks/` beside it, with
 * THIRD-PARTY-LICENSES.txt beside it; returns esbuild's metafile inputs (what it embedded). `split: false`
 * makes one ES module file (the VS Code extension ships one): the server modules are then evaluated after
 * `initialize` still, but compiled with the entry, and without a code cache.
 */
export async function buildServer(outfile = SERVER_BUNDLE, { split = true } = {}) {
  if (!outfile.endsWith('.mjs')) throw new Error('buildServer: the bundle must be an .mjs file');
  const outdir = dirname(outfile);
  if (!split) {
    const result = await build({
      ...common,
      entryPoints: [here('./src/main.ts')],
      outfile,
      format: 'esm',
      plugins: SERVER_PLUGINS,
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      write: false,
    });
    writeEntry(outfile, asciiOnly(result.outputFiles[0].text));
    writeThirdPartyLicenses(result.metafile, join(outdir, THIRD_PARTY_FILE));
    return result.metafile;
  }
  const name = basename(outfile, '.mjs');
  const server = await build({
    ...common,
    entryPoints: [here('./src/server.ts')],
    outfile: join(outdir, SERVER_CHUNKS_DIR, 'server.cjs'),
    format: 'cjs',
    external: SHARED,
    plugins: SERVER_PLUGINS,
    define: { 'import.meta.url': '__esqlLintEntryUrl' },
    write: false,
  });
  const serverBundle = prepareBundle(`${name}-server`, server.outputFiles[0].text);
  const serverFile = serverBundle.file;
  // main.ts's `import('./server.js')`: the server bundle, through the loader, with the entry's shared modules.
  const serverStub = {
    name: 'server-bundle',
    setup(b) {
      b.onResolve({ filter: /^\.\/server\.js$/ }, (args) => (args.importer === here('./src/main.ts') ? { path: 'server-bundle', namespace: 'server-bundle' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'server-bundle' }, () => ({
        resolveDir: here('./src'),
        loader: 'js',
        contents: [
          ...SHARED.map((m, i) => `import * as shared${i} from ${JSON.stringify(m)};`),
          `const modules = { ${SHARED.map((m, i) => `${JSON.stringify(m)}: shared${i}`).join(', ')} };`,
          `const server = __esqlLintLoader.loadBundle(__esqlLintLoader.beside(import.meta.url, ${JSON.stringify(`./${SERVER_CHUNKS_DIR}/${serverFile}`)}), import.meta.url, { modules });`,
          '// Written once the server has run a while (a cold start wrote none), or at exit.',
          'setTimeout(__esqlLintLoader.saveCodeCaches, 30000).unref();',
          'export const startServer = server.exports.startServer;',
        ].join('\n'),
      }));
    },
  };
  const entry = await build({
    ...common,
    entryPoints: [here('./src/main.ts')],
    outfile: join(outdir, SERVER_CHUNKS_DIR, 'main.cjs'),
    format: 'cjs',
    plugins: [serverStub],
    define: { 'import.meta.url': '__esqlLintEntryUrl' },
    write: false,
  });
  const entryBundle = prepareBundle(name, entry.outputFiles[0].text);
  writeBundles(join(outdir, SERVER_CHUNKS_DIR), [serverBundle, entryBundle]);
  writeEntry(outfile, await serverEntryModule(SERVER_CHUNKS_DIR, entryBundle.file));
  const inputs = { ...server.metafile.inputs, ...entry.metafile.inputs };
  writeThirdPartyLicenses({ inputs }, join(outdir, THIRD_PARTY_FILE));
  return { inputs };
}

/** `initialize`'s answer (capabilities.ts's `initializeResult`) as JSON: the module bundled and evaluated here. */
async function initializeResultJson() {
  const r = await build({ ...common, metafile: false, entryPoints: [here('./src/capabilities.ts')], format: 'cjs', write: false });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', r.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  return JSON.stringify(module.exports.initializeResult);
}

/**
 * A language server's entry module (issue 19, start-up): answers `initialize` itself (src/early-initialize.ts,
 * with the JSON of `initializeResult`), then loads `chunks`/`bundle` through the code cache (entry `use` of it,
 * as entryModule of scripts/cached-bundle.mjs) and runs `body` (`bundle` and `saveCodeCaches` in scope); the
 * connection of the server in the bundle takes over (src/early-connection.ts). Nothing is imported before the
 * answer: load.mjs is a dynamic import. The CLI package's build writes its server entry with it too.
 */
export async function serverEntryModule(chunks, bundle, { use, body = '' } = {}) {
  const loader = `./${chunks}/${LOADER}`;
  const result = await build({
    ...common,
    metafile: false,
    format: 'esm',
    write: false,
    external: [loader],
    stdin: {
      resolveDir: here('./src'),
      sourcefile: 'esql-lint-lsp-entry.ts',
      loader: 'ts',
      contents: [
        `import { answerInitializeEarly, EARLY_START } from './early-initialize.ts';`,
        `answerInitializeEarly(${JSON.stringify(await initializeResultJson())}, (early) => {`,
        '  (globalThis as Record<symbol, unknown>)[EARLY_START] = early;',
        `  void import(${JSON.stringify(loader)}).then(({ beside, loadBundle, saveCodeCaches }) => {`,
        "    process.once('exit', saveCodeCaches);",
        `    const bundle = loadBundle(beside(import.meta.url, ${JSON.stringify(`./${chunks}/${bundle}`)}), import.meta.url${use ? `, { use: ${JSON.stringify(use)} }` : ''});`,
        `    ${body}`,
        '  });',
        '});',
      ].join('\n'),
    },
  });
  return asciiOnly(
    '// The esql-lint language server over stdio (or --node-ipc / --socket=N).\n' +
      `// It answers initialize, then loads ${chunks}/${bundle} through V8's code cache (${chunks}/${LOADER}; issue 19, start-up).\n` +
      result.outputFiles[0].text,
  );
}

/**
 * Runs the built server once as an editor would (initialize, a rule of each language opened, diagnostics
 * awaited, shutdown and exit), so its code cache is written at build time, as Python writes .pyc files at
 * install: the first start after a build is then as fast as the next ones. Best effort: a failure here only
 * means a cold first start.
 */
export async function warmServer(outfile = SERVER_BUNDLE) {
  const { spawn } = await import('node:child_process');
  const { readFileSync } = await import('node:fs');
  const { pathToFileURL } = await import('node:url');
  const examples = here('../../examples/rules/');
  const docs = ['aws_cloudtrail_trail_stopped.toml', 'windows_encoded_powershell.toml', 'aws_iam_many_access_denied.toml'].map((f) => join(examples, f)).filter((f) => existsSync(f));
  const child = spawn(process.execPath, [outfile, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const send = (m) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...m });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  let buf = Buffer.alloc(0);
  const published = new Set();
  const done = new Promise((resolve) => {
    const timer = setTimeout(resolve, 20_000);
    child.stdout.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const head = buf.indexOf('\r\n\r\n');
        if (head < 0) break;
        const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, head).toString())?.[1]);
        if (buf.length < head + 4 + len) break;
        const msg = JSON.parse(buf.subarray(head + 4, head + 4 + len).toString());
        buf = buf.subarray(head + 4 + len);
        if (msg.id === 1) {
          send({ method: 'initialized', params: {} });
          docs.forEach((f, i) => send({ method: 'textDocument/didOpen', params: { textDocument: { uri: pathToFileURL(f).href, languageId: 'toml', version: 1, text: readFileSync(f, 'utf8') } } }));
        }
        if (msg.method === 'textDocument/publishDiagnostics') published.add(msg.params.uri);
        if (published.size >= docs.length) {
          clearTimeout(timer);
          resolve();
        }
      }
    });
  });
  send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null } });
  await done;
  send({ id: 2, method: 'shutdown' });
  send({ method: 'exit' });
  await new Promise((resolve) => {
    const kill = setTimeout(() => child.kill(), 10_000);
    child.on('exit', () => (clearTimeout(kill), resolve()));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildServer();
  await warmServer();
}
