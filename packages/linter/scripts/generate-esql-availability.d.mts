export interface AvailabilityFact {
  kind: 'command' | 'function';
  name: string;
  stack: string;
  source: string;
}
export const FACTS_PATH: string;
export const DATA_PATH: string;
export function parseAppliesTo(text: string): { preview?: string; ga?: string } | undefined;
export function parseStack(value: string): { preview?: string; ga?: string } | undefined;
export function commandName(file: string): string;
export function factsFromCheckout(dir: string): AvailabilityFact[];
export function generate(facts: AvailabilityFact[]): string;
