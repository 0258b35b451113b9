/**
 * Runs a driver script (playwright-core in headless Chromium) against the packaged extension in real
 * VS Code (code-server), with a throw-away profile and a copy of a workspace. Shared by the VS Code
 * end-to-end tests.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packageExtension } from '../../packages/vscode-extension/package.mjs';

export const CS_DIR = process.env.ESQL_LINT_CODE_SERVER_DIR ?? join(homedir(), '.cache', 'esql-lint-code-server');
export const CODE_SERVER = join(CS_DIR, 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

function hasPlaywright(): boolean {
  try {
    createRequire(import.meta.url).resolve('playwright-core');
    return true;
  } catch {
    return false;
  }
}

/** What is missing to run the test, for its skip message. */
export const missing = [
  !existsSync(CODE_SERVER) && `code-server (${CODE_SERVER}; set ESQL_LINT_CODE_SERVER_DIR or run ../shared/tools/editor-e2e/setup-code-server.sh on that dir)`,
  !existsSync(CHROMIUM) && `Chromium (${CHROMIUM}; apt-get install chromium, or set CHROMIUM)`,
  !hasPlaywright() && 'playwright-core (npm install)',
].filter(Boolean) as string[];

const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`code-server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms`);
}

/** Stops code-server and everything it started (extension hosts, the language server): its process group. */
async function stopGroup(server: ChildProcess): Promise<void> {
  if (server.pid === undefined) return;
  const exited = server.exitCode !== null ? Promise.resolve() : new Promise((r) => server.once('exit', r));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-server.pid!, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  signal('SIGKILL'); // children that ignored SIGTERM
}

export interface DriveOptions {
  /** Where the profile, the workspace copy, logs and screenshots go. */
  out: string;
  /** The workspace to copy into `out/workspace`. */
  workspace: string;
  /** The driver script, run with CS_URL, CS_FOLDER, OUT_DIR, RESULT, CHROMIUM and `env`. */
  driver: string;
  env?: Record<string, string>;
  /** How long the driver may take (default 170 s). */
  driverTimeoutMs?: number;
  /** Collects the driver's output. */
  log(s: string): void;
}

/** Installs the packaged extension, serves the workspace copy, runs the driver; resolves to its RESULT JSON. */
export async function driveVsCode<T>(options: DriveOptions): Promise<T> {
  const { out } = options;
  const workspace = join(out, 'workspace');
  cpSync(options.workspace, workspace, { recursive: true });
  const vsix = await packageExtension(join(out, 'esql-lint.vsix'));

  const profile = join(out, 'profile');
  mkdirSync(join(profile, 'user', 'User'), { recursive: true });
  writeFileSync(join(profile, 'user', 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const env = { ...process.env, XDG_CONFIG_HOME: join(profile, 'config'), XDG_DATA_HOME: join(profile, 'data'), XDG_CACHE_HOME: join(profile, 'cache') };
  const common = ['--config', join(profile, 'config.yaml'), '--user-data-dir', join(profile, 'user'), '--extensions-dir', join(profile, 'ext')];
  await promisify(execFile)(CODE_SERVER, [...common, '--install-extension', vsix], { env, timeout: 60_000 });

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = openSync(join(out, 'code-server.log'), 'w');
  const server = spawn(
    CODE_SERVER,
    [...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', workspace],
    { env, detached: true, stdio: ['ignore', log, log] },
  );
  try {
    await waitForHealth(url, server, 30_000);
    const resultFile = join(out, 'result.json');
    await new Promise<void>((resolve, reject) => {
      const driver = spawn(process.execPath, [options.driver], {
        env: { ...process.env, ...options.env, CS_URL: url, CS_FOLDER: workspace, OUT_DIR: out, RESULT: resultFile, CHROMIUM },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: options.driverTimeoutMs ?? 170_000,
      });
      let driverLog = '';
      driver.stdout.on('data', (d) => {
        driverLog += d;
        options.log(String(d));
      });
      driver.stderr.on('data', (d) => {
        driverLog += d;
        options.log(String(d));
      });
      driver.on('error', reject);
      driver.on('exit', (code, sig) => (code === 0 ? resolve() : reject(new Error(`${options.driver} exited with ${code ?? sig}:\n${driverLog}`))));
    });
    return JSON.parse(readFileSync(resultFile, 'utf8')) as T;
  } finally {
    await stopGroup(server);
  }
}
