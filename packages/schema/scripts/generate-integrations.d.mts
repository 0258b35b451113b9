export const PACKAGE_DIR: string;
export const DEFAULT_SOURCE: string;
export const BUNDLE_PATH: string;
export const README_PATH: string;
export function generate(sourceDir?: string): { bundle: unknown; text: string; problems: string[] };
export function coverageMarkdown(bundle: unknown): string;
