// Errors cross every boundary as values with a stable code (STYLE.md rule 2).
import type { ErrorCode } from './errors.ts';

export interface ErrorValue {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: readonly string[];
}
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorValue };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ErrorCode, message: string, details?: readonly string[]): Result<T> => ({
  ok: false,
  error: details ? { code, message, details } : { code, message },
});

/** A thrown error that carries a stable code; converted to an ErrorValue at boundaries. */
export class CouncilError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly string[] | undefined;
  constructor(code: ErrorCode, message: string, details?: readonly string[]) {
    super(message);
    this.name = 'CouncilError';
    this.code = code;
    this.details = details;
  }
  toValue(): ErrorValue {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export function toErrorValue(e: unknown): ErrorValue {
  if (e instanceof CouncilError) return e.toValue();
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
