/**
 * Signing: result documents (from a template or uploaded), PAdES signatures by the agency and its leader
 * (several per document, each an incremental update), and public verification by code or by upload.
 * Errors: result.*, signing.no_certificate.
 */
import { join } from 'node:path';
import type { Config } from '../../platform/config.ts';
import { folderKeyStore } from './keystore.ts';

export { folderKeyStore, type KeyStore, type SignerRef } from './keystore.ts';
export { signPdf, verifyPdf } from './pades.ts';
export { caCertificateDer, certificatePem, createDemoCa, identityFromP12, issueP12 } from './pki.ts';
export { resultsRoutes } from './results.routes.ts';
export { hasSignedResult, signedResultRecords } from './results.service.ts';

/** The key store the configuration asks for (demo CA on the embedded default). */
export function keyStoreFrom(config: Config, now: () => Date) {
  return folderKeyStore({
    dir: config.MOTCUA_PKI_DIR ?? join(config.MOTCUA_DATA_DIR, 'pki'),
    password: config.MOTCUA_PKI_PASSWORD,
    demo: config.MOTCUA_DEMO_PKI ?? !config.DATABASE_URL,
    now,
  });
}
