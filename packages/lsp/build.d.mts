/** The server bundle build (build.mjs). */
export declare const SERVER_BUNDLE: string;
/** Returns esbuild's metafile of the build (what the bundle embeds). */
export declare function buildServer(outfile?: string): Promise<{ inputs: Record<string, unknown> }>;
/** A language server's entry module text: answers `initialize` itself, then loads `chunks`/`bundle` (entry `use`) and runs `body`. */
export declare function serverEntryModule(chunks: string, bundle: string, options?: { use?: string; body?: string }): Promise<string>;
