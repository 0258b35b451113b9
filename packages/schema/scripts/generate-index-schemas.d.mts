export const PACKAGE_DIR: string;
export const DEFAULT_ETC: string;
export const INDEX_BUNDLE_PATH: string;
export const RULE_SCHEMAS_PATH: string;
export function generateIndexSchemas(etcDir?: string): { bundle: unknown; text: string; ruleSchemasText: string };
