/** The extension build (build.mjs). */
export declare function buildExtension(): Promise<void>;
