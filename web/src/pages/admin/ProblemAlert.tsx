import type { FormInstance } from 'antd';
import { Alert } from 'antd';
import { ApiError } from '../../api.ts';

/** Anything thrown by a request, as an {@link ApiError} (its message is the server's translated title). */
export function toApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e), []);
}

/** `body.roles.0` → `roles`; `body.workingHours.start` → `start` (the form's own field names). */
function fieldOf(path: string): string {
  const parts = path.split('.').slice(1);
  if (parts[0] === 'workingHours' && parts[1]) return parts[1];
  return parts[0] ?? path;
}

/** Puts each field the server named under that field of the form (the alert names them all as well). */
export function applyFieldErrors(form: FormInstance, error: ApiError, fields: readonly string[]): void {
  form.setFields(
    error.fields
      .filter((f) => fields.includes(fieldOf(f.path)))
      .map((f) => ({ name: fieldOf(f.path), errors: [f.message] })),
  );
}

/** A problem+json answer: its translated title, and each named field by its label. */
export function ProblemAlert({ error, labels }: { error: ApiError; labels: Record<string, string> }) {
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 12 }}
      message={error.message}
      description={
        error.fields.length
          ? [...new Set(error.fields.map((f) => `${labels[fieldOf(f.path)] ?? f.path}: ${f.message}`))].join(
              '; ',
            )
          : undefined
      }
    />
  );
}
