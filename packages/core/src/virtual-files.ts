/**
 * The in-memory file system of the browser platform: the files a page provides (a pasted mapping, a
 * `.esql-lint.json`), by absolute POSIX path. Directories are the parents of its files.
 */
import { resolve } from './posix-path.js';

export class VirtualFiles {
  private readonly files = new Map<string, string>();

  set(path: string, text: string): void {
    this.files.set(resolve(path), text);
  }

  delete(path: string): void {
    this.files.delete(resolve(path));
  }

  clear(): void {
    this.files.clear();
  }

  get(path: string): string | undefined {
    return this.files.get(resolve(path));
  }

  isDirectory(path: string): boolean {
    const dir = resolve(path);
    if (dir === '/') return true;
    for (const f of this.files.keys()) if (f.startsWith(`${dir}/`)) return true;
    return false;
  }

  /** The names directly inside a directory. */
  list(path: string): string[] {
    const dir = resolve(path);
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const names = new Set<string>();
    for (const f of this.files.keys()) if (f.startsWith(prefix)) names.add(f.slice(prefix.length).split('/')[0]);
    return [...names].sort();
  }
}

/** The files of the browser platform (`@esql-lint/core/platform` under the `browser` condition). */
export const virtualFiles = new VirtualFiles();
