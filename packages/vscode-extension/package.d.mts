/** Packaging of the extension (package.mjs). */
export declare function packageExtension(out?: string): Promise<string>;
/** The files the manifest's contributions name (grammars, language configurations), relative to the package. */
export declare function contributedFiles(manifest: { contributes?: { languages?: Array<{ configuration?: string }>; grammars?: Array<{ path: string }> } }): string[];
