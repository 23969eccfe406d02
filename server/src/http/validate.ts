import type { z } from 'zod';
import type { FieldIssue } from '../../../shared/errors.ts';
import { Errors } from '../errors.ts';

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** Parses `input` with `schema`, or throws the project's 400 validation error. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw Errors.validation(toFieldIssues(r.error));
  return r.data;
}
