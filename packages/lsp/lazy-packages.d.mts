/** The esbuild plugin of lazy-packages.mjs: parsers, ES|QL definitions and analysis evaluated on first use. */
export declare const lazyPackages: { name: string; setup(build: unknown): void };
/** A stand-in module's source: getters for `names` that evaluate the module at `real` on first read. */
export declare function standInSource(real: string, names: string[]): string;
