import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors/index.ts';
import { fileError } from './files.service.ts';

/** A multipart form with one file part and text fields. */
export interface Upload {
  readonly fields: Record<string, string>;
  readonly file: { readonly bytes: Uint8Array; readonly fileName: string };
}

/**
 * Reads a `multipart/form-data` request: its text fields and its one file part (`file`).
 * @throws request.invalid (not multipart, or a text field longer than the parser reads), file.missing,
 *   file.too_large
 */
export async function readUpload(req: FastifyRequest, maxBytes: number): Promise<Upload> {
  if (!req.isMultipart()) {
    throw new DomainError(
      'request.invalid',
      {},
      {
        issues: [
          {
            path: 'body',
            code: 'multipart_expected',
            message: 'expected multipart/form-data',
            messageVi: 'Cần gửi biểu mẫu multipart/form-data',
          },
        ],
      },
    );
  }
  const fields: Record<string, string> = {};
  let file: Upload['file'] | undefined;
  let truncated: string | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const bytes = new Uint8Array(await part.toBuffer());
        if (part.fieldname === 'file' && !file) file = { bytes, fileName: part.filename };
      } else if (part.valueTruncated) {
        truncated = part.fieldname;
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw fileError('file.too_large', { maxBytes });
    // Anything else here is the multipart parser refusing the body (no boundary, truncated part, …).
    throw new DomainError(
      'request.invalid',
      {},
      {
        cause: e,
        issues: [
          {
            path: 'body',
            code: 'multipart_malformed',
            message: 'the multipart/form-data body could not be read',
            messageVi: 'Không đọc được nội dung biểu mẫu multipart/form-data',
          },
        ],
      },
    );
  }
  if (truncated !== undefined) {
    throw new DomainError(
      'request.invalid',
      {},
      {
        issues: [
          {
            path: `body.${truncated}`,
            code: 'too_big',
            message: 'the text field is longer than the server reads (40,000 bytes)',
            messageVi: 'Trường văn bản dài hơn mức máy chủ đọc được (40.000 byte)',
          },
        ],
      },
    );
  }
  if (!file) throw fileError('file.missing');
  return { fields, file };
}
