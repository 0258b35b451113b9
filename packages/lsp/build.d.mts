/** The server bundle build (build.mjs). */
export declare const SERVER_BUNDLE: string;
export declare function buildServer(outfile?: string): Promise<void>;
