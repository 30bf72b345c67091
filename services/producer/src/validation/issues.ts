import type { z } from 'zod';

/** One thing wrong with a request, at a path a client can find: `[3].eventTime`, `sensors[1]`. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** The outcome of validating untrusted input: the value, or every problem with it. */
export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/** `['location', 'latitude']` → `location.latitude`; `[3, 'eventTime']` → `[3].eventTime`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? String(part) : `.${String(part)}`;
  }
  return text;
}

/**
 * A zod error as field errors, each path under `prefix`. An unknown field is reported at its
 * own path (a typo such as `qualty` would otherwise vanish and its default apply silently).
 */
export function fieldErrors(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const at = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...at, key]),
        message: 'unknown field',
      }));
    }
    return [{ path: formatPath(at) || '(body)', message: issue.message }];
  });
}
