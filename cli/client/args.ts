/** Argument parsing for the client commands (node:util parseArgs), with usage errors as values. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs<O extends Options> {
  values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };
  positionals: string[];
}

/** Parses `argv` strictly; unknown flags and a wrong number of positionals are UsageErrors. */
export function parseCommandArgs<O extends Options>(
  argv: string[],
  options: O,
  positionals: { min: number; max: number; names: string },
): ParsedArgs<O> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const count = parsed.positionals.length;
  if (count < positionals.min) throw new UsageError(`missing ${positionals.names}`);
  if (count > positionals.max) {
    throw new UsageError(`unexpected argument "${parsed.positionals[positionals.max]}"`);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/** `--input '{"a":1}'` → the parsed JSON, or a UsageError naming the flag. */
export function parseJsonFlag(flag: string, text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`--${flag} must be JSON: ${(err as Error).message}`);
  }
}

/** `--limit 20` → 20, or a UsageError naming the flag. */
export function parsePositiveIntFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(text)) throw new UsageError(`--${flag} must be a positive integer`);
  return Number(text);
}
