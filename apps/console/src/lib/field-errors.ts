/**
 * Field errors for forms, from the same zod schemas the API validates with, and from the API's
 * answer (zod's field errors, or a domain error naming its field, e.g. a taken email).
 */
import type { z } from 'zod';
import { readErrorData } from './errors.ts';

export type FieldErrors = Partial<Record<string, string>>;

/** Parses `values` with `schema`: the parsed value, or the first message per field. */
export function validateWith<S extends z.ZodType>(schema: S, values: unknown): { data: z.output<S>; errors?: undefined } | { data?: undefined; errors: FieldErrors } {
  const result = schema.safeParse(values);
  if (result.success) return { data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.') || 'form';
    errors[field] ??= issue.message;
  }
  return { errors };
}

/** The per-field messages in an API error; empty when the error names no field. */
export function readServerFieldErrors(error: unknown): FieldErrors {
  const data = readErrorData(error);
  const errors: FieldErrors = {};
  for (const [field, messages] of Object.entries(data?.fieldErrors ?? {})) errors[field] = messages.join(' ');
  if (data?.field && data.userMessage) errors[data.field] ??= data.userMessage;
  return errors;
}
