/**
 * Documents: files (content-addressed, type detected from the content, scanned), the documents of a
 * record per dossier component with their origin, and the official slips rendered as PDF.
 * Errors: file.*, document.*, slip.not_available.
 */
export { documentsRoutes } from './documents.routes.ts';
export { DOCUMENT_ORIGINS, documentFlags, documentFlagsOf, listDocuments } from './documents.service.ts';
export { type FileStore, localFileStore } from './file-store.ts';
export { checkUpload, registerFile, type StoredPdf, storeGeneratedPdf } from './files.service.ts';
export { renderSlip } from './pdf.ts';
export { repositoryRoutes } from './repository.routes.ts';
export { type KeepItem, keepInRepository, requireVerifiedOwner } from './repository.service.ts';
export { s3FileStore } from './s3-file-store.ts';
export { slipsRoutes } from './slips.routes.ts';
export { PROVINCE, recordSlip, registerBook } from './slips.service.ts';
export { readUpload } from './upload.ts';
export { clamdScanner, noScanner, type VirusScanner } from './virus-scan.ts';

import { join } from 'node:path';
import type { Config } from '../../platform/config.ts';
import { guardedFileStore, localFileStore } from './file-store.ts';
import { s3FileStore } from './s3-file-store.ts';
import { clamdScanner, noScanner } from './virus-scan.ts';

/** The file store (an S3-compatible bucket when MOTCUA_S3_BUCKET is set, else a folder) and scanner. */
export function documentsPortsFrom(config: Config) {
  return {
    files: guardedFileStore(
      config.MOTCUA_S3_BUCKET
        ? s3FileStore({
            bucket: config.MOTCUA_S3_BUCKET,
            endpoint: config.MOTCUA_S3_ENDPOINT,
            region: config.MOTCUA_S3_REGION,
            accessKeyId: config.MOTCUA_S3_ACCESS_KEY_ID,
            secretAccessKey: config.MOTCUA_S3_SECRET_ACCESS_KEY,
            forcePathStyle: config.MOTCUA_S3_FORCE_PATH_STYLE,
            prefix: config.MOTCUA_S3_PREFIX,
          })
        : localFileStore(config.MOTCUA_FILES_DIR ?? join(config.MOTCUA_DATA_DIR, 'files')),
    ),
    scanner: config.MOTCUA_CLAMD ? clamdScanner(config.MOTCUA_CLAMD) : noScanner,
  };
}
