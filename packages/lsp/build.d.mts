/** The server bundle build (build.mjs). */
export declare const SERVER_BUNDLE: string;
/** Returns esbuild's metafile of the build (what the bundle embeds). */
export declare function buildServer(outfile?: string): Promise<{ inputs: Record<string, unknown> }>;
