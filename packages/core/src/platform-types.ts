/**
 * What the shared packages (schema, linter, language service) need from the machine they run on: reading
 * configuration and schema files, paths, and one OS helper. `@esql-lint/core/platform` resolves to one of
 * two implementations by export condition: `platform-node.ts` (Node's own functions; what the CLI, the
 * language server and the tests get) and, under the `browser` condition, `platform-browser.ts` (an
 * in-memory file system the page fills through `virtualFiles`, POSIX paths, no Node API). The Node-only
 * parts of the linter (file discovery, worker threads, the cache, `--fix` writes) stay out of this
 * interface: the linter's browser entry does not export them.
 */
export interface Platform {
  /** A file's text (UTF-8; a `.gz` file gunzipped first when `gzip`). Throws when it cannot be read. */
  readTextFile(path: string, gzip?: boolean): string;
  fileExists(path: string): boolean;
  isFile(path: string): boolean;
  isDirectory(path: string): boolean;
  /** The names in a directory. Throws when it cannot be read. */
  readDirectory(path: string): string[];
  resolve(...paths: string[]): string;
  dirname(path: string): string;
  basename(path: string, suffix?: string): string;
  join(...paths: string[]): string;
  relative(from: string, to: string): string;
  isAbsolute(path: string): boolean;
  /** The path separator (`/` in the browser). */
  sep: string;
  /** 4 or 6 for an IPv4 or IPv6 address, else 0 (Node's `net.isIP`). */
  isIP(value: string): number;
  /**
   * A stamp of a file's version (size, modification time, inode), or undefined when unknown or when the file
   * changed in the last seconds (a second change in the same clock tick would keep the stamp): then nothing
   * derived from it is cached. The browser has none.
   */
  fileStamp(path: string): string | undefined;
  /** Data derived from files, kept across processes (the start-up cache directory), by key; the browser keeps none. */
  readDerived(key: string): string | undefined;
  writeDerived(key: string, text: string): void;
}
