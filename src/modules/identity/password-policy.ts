import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { DomainError } from '../../core/errors/index.ts';

/** The weakest zxcvbn score accepted (0–4; 3 = "safely unguessable: moderate protection from offline attacks"). */
export const MIN_PASSWORD_SCORE = 3;

let factory: ZxcvbnFactory | undefined;

/**
 * Refuses a weak password: fewer than 10 characters, or a zxcvbn score below {@link MIN_PASSWORD_SCORE}
 * against the common-password lists, keyboard patterns and the official's own username and name.
 * @throws user.weak_password naming `field`.
 */
export function checkPasswordStrength(password: string, userInputs: readonly string[], field: string): void {
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  const inputs = userInputs.flatMap((s) => [s, ...s.split(/[\s._-]+/)]).filter((s) => s.length >= 3);
  const result = factory.check(password, inputs);
  if (password.length >= 10 && result.score >= MIN_PASSWORD_SCORE) return;
  const warning = result.feedback.warning ?? (password.length < 10 ? 'tooShort' : 'guessable');
  throw new DomainError(
    'user.weak_password',
    { field, score: result.score, minScore: MIN_PASSWORD_SCORE, warning },
    {
      issues: [
        {
          path: field,
          code: 'weak_password',
          message: `The password is too easy to guess (${warning}); use at least 10 characters, e.g. several unrelated words`,
          messageVi: 'Mật khẩu quá dễ đoán; dùng ít nhất 10 ký tự, ví dụ vài từ không liên quan ghép lại',
        },
      ],
    },
  );
}
