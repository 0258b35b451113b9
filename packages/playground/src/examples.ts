// The example menu: the project's own example rules and queries (examples/, Apache-2.0). examples.json
// lists them; the build embeds their texts (`__EXAMPLE_TEXTS__`, by path).
import list from './examples.json' with { type: 'json' };
import type { Mode } from './protocol.js';

declare const __EXAMPLE_TEXTS__: Record<string, string>;

export interface Example {
  title: string;
  mode: Mode;
  text: string;
}

export const EXAMPLES: Example[] = (list as Array<{ title: string; mode: Mode; file: string }>).map((e) => ({
  title: e.title, mode: e.mode, text: __EXAMPLE_TEXTS__[e.file] ?? '',
}));
