export type TypeFamily = 'string' | 'text' | 'number' | 'ip' | 'date' | 'boolean' | 'object' | 'geo' | 'other';

const FAMILIES: Record<string, TypeFamily> = {
  keyword: 'string',
  constant_keyword: 'string',
  wildcard: 'string',
  version: 'string',
  text: 'text',
  match_only_text: 'text',
  annotated_text: 'text',
  search_as_you_type: 'text',
  completion: 'text',
  long: 'number',
  integer: 'number',
  short: 'number',
  byte: 'number',
  double: 'number',
  float: 'number',
  half_float: 'number',
  scaled_float: 'number',
  unsigned_long: 'number',
  token_count: 'number',
  ip: 'ip',
  date: 'date',
  date_nanos: 'date',
  boolean: 'boolean',
  object: 'object',
  flattened: 'object',
  nested: 'object',
  group: 'object',
  passthrough: 'object',
  geo_point: 'geo',
  geo_shape: 'geo',
  point: 'geo',
  shape: 'geo',
};

/** Coarse family of an Elasticsearch mapping type, for the linter's type checks. */
export function typeFamily(esType: string | undefined): TypeFamily {
  if (!esType) return 'other';
  return FAMILIES[esType] ?? (esType.startsWith('object:') ? 'object' : 'other');
}
