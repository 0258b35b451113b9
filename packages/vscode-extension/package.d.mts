/** Packaging of the extension (package.mjs). */
export declare function packageExtension(out?: string): Promise<string>;
