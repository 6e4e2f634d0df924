// Parsers for the option values client commands share; a bad value is reported by commander with the command's usage.
import { InvalidArgumentError } from 'commander';

/** `--filter`: a JSON object, as the API takes it (a comparison or compound filter). */
export function filterArgument<T extends object>(text: string): T {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as T;
  } catch {
    // Falls through to the same message as a non-object.
  }
  throw new InvalidArgumentError('expected a JSON object such as \'{"type":"eq","key":"lang","value":"en"}\'.');
}

/** `-k`: how many results, 1 to 50 as the search API allows. */
export function resultCountArgument(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 50) throw new InvalidArgumentError('expected a whole number from 1 to 50.');
  return value;
}
