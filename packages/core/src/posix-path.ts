// POSIX path operations without Node: the browser platform's paths (`/playground/rule.toml`). Same answers
// as Node's `path.posix` for the paths the linter builds (test/platform.test.ts compares them); the
// working directory is `/`.

function normalizeSegments(path: string, absolute: boolean): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(part);
  }
  const body = out.join('/');
  return absolute ? `/${body}` : body;
}

export function isAbsolute(path: string): boolean {
  return path.startsWith('/');
}

export function resolve(...paths: string[]): string {
  let joined = '';
  for (let i = paths.length - 1; i >= 0; i--) {
    const p = paths[i];
    if (!p) continue;
    joined = joined ? `${p}/${joined}` : p;
    if (isAbsolute(p)) break;
  }
  return normalizeSegments(joined, true);
}

export function join(...paths: string[]): string {
  const joined = paths.filter((p) => p !== '').join('/');
  if (!joined) return '.';
  const absolute = isAbsolute(joined);
  const body = normalizeSegments(joined, absolute);
  const out = body || '.';
  return joined.endsWith('/') && out !== '/' ? `${out}/` : out;
}

export function dirname(path: string): string {
  if (!path) return '.';
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end--;
  const i = path.lastIndexOf('/', end - 1);
  if (i < 0) return '.';
  if (i === 0) return '/';
  return i === 1 && path[0] === '/' ? '//' : path.slice(0, i);
}

export function basename(path: string, suffix?: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--;
  const base = path.slice(path.lastIndexOf('/', end - 1) + 1, end);
  return suffix && base !== suffix && base.endsWith(suffix) ? base.slice(0, -suffix.length) : base;
}

export function relative(from: string, to: string): string {
  const a = resolve(from).split('/').filter(Boolean);
  const b = resolve(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}
