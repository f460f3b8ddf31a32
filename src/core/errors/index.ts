export { DomainError, type FieldIssue, isDomainError } from './domain-error.ts';
export { ERROR_CODES, type ErrorCode, type ErrorCodeEntry, type ErrorKind } from './error-codes.ts';
