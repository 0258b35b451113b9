import { resolve, dirname } from '@esql-lint/core/platform';
import { ConfigResolver, mergeConfigs, type Config } from './config.js';
import { Linter, type LintOptions } from './linter.js';
import { configForFile } from './patterns.js';

/** What a pool needs of `LintFilesOptions`: how configuration is found and overridden. */
export interface LinterPoolOptions {
  /** Settings that override the config files (the CLI's flags). */
  overrides?: Config;
  /** Use no `.esql-lint.json` files. */
  noConfig?: boolean;
  /** A config used instead of the `.esql-lint.json` files found upward (`--config FILE`). */
  baseConfig?: Config;
}

/** One Linter per distinct effective configuration, so caches are shared across files. */
export class LinterPool {
  private readonly resolver = new ConfigResolver();
  private readonly linters = new Map<string, Linter>();

  constructor(private readonly options: LinterPoolOptions = {}) {}

  forFile(file: string): Linter {
    const { config, key } = this.configFor(file);
    let linter = this.linters.get(key);
    if (!linter) {
      linter = new Linter(configToOptions(config));
      this.linters.set(key, linter);
    }
    return linter;
  }

  /**
   * The configuration of the config files that apply to a directory (its chain merged, overrides and
   * ignores not yet resolved for a file), or the `--config` file.
   */
  configOfDirectory(dir: string): { config: Config; key: string } {
    if (this.options.baseConfig) return { config: this.options.baseConfig, key: '--config' };
    return this.options.noConfig ? { config: {}, key: '' } : this.resolver.forDirectory(dir);
  }

  /** The effective configuration of a file: config files, their overrides that match it, then the flags. */
  configFor(file: string): { config: Config; key: string } {
    const abs = resolve(file);
    const found = this.configOfDirectory(dirname(abs));
    const own = configForFile(found.config, abs);
    const { ignores: _ignores, overrides: _overrides, ...flags } = this.options.overrides ?? {};
    return { config: mergeConfigs(own.config, flags), key: `${found.key}#${own.key}` };
  }
}

export function configToOptions(config: Config): LintOptions {
  const options: LintOptions = {};
  if (config.rules) options.rules = config.rules;
  if (config.snapshot !== undefined) options.snapshot = config.snapshot;
  if (config.schemas) options.schemas = config.schemas;
  if (config.noInlineConfig) options.inlineConfig = false;
  return options;
}

