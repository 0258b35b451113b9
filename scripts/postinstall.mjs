// The root's postinstall: `npm install` in a clone builds every package and bundle (the development set-up,
// and what pre-commit's `npm install` of a plain commit does before `npm pack`). Not `prepare`: npm runs
// prepare inside `npm pack` too, and its banner lands in pack's output, where pre-commit reads the tarball
// name. Where the root is installed from its tarball (`npm install -g`, as pre-commit does next), the
// sources and build tools are absent and there is nothing to build: it does nothing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (p) => existsSync(new URL(`../${p}`, import.meta.url));
if (at('packages/cli/src/bin.ts') && at('node_modules/typescript/package.json') && at('node_modules/esbuild/package.json')) {
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
