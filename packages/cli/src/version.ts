/** Replaced by the bundler with the package version; the fallback serves tests run from source. */
declare const __ESQL_LINT_VERSION__: string | undefined;
export const VERSION: string = typeof __ESQL_LINT_VERSION__ === 'string' ? __ESQL_LINT_VERSION__ : '0.2.0';
