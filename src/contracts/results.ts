import { z } from 'zod';

/** One signature of a PDF as the public verification reports it (long texts clipped to 300 characters). */
export const SignatureView = z.object({
  signer: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  signedAt: z.string().nullable().describe('The signing time the signature dictionary states (/M)'),
  intact: z.boolean().describe("The signature matches the content and the signer's certificate"),
  trusted: z.boolean().describe('The certificate chains to a trust anchor and was valid then'),
  pades: z.boolean().describe('PAdES B-B (a signing-certificate-v2 attribute)'),
  coversWholeDocument: z.boolean(),
  byteRange: z.tuple([z.number(), z.number(), z.number(), z.number()]).readonly(),
  problem: z.string().optional(),
});

/** What a PDF's signatures say, and whether the document stands as signed. */
export const VerificationReport = z.object({
  valid: z.boolean().describe('Every signature intact and trusted, and the last one covers the whole file'),
  sha256: z.string(),
  sizeBytes: z.number(),
  signatures: z.array(SignatureView),
});

/** A result verified by its code (GET /api/public/verify/:code). */
export const ResultVerification = VerificationReport.extend({
  code: z.string(),
  name: z.string(),
  number: z.string().nullable(),
  recordCode: z.string().nullable(),
  issuedBy: z.string().nullable(),
});

/** One signed result the applicant may download (GET /api/public/records/:id/mine/results, …/results). */
export const PublicResult = z.object({
  id: z.string(),
  name: z.string(),
  number: z.string().nullable(),
  verificationCode: z.string(),
  signedAt: z.string().describe('When its last signature was made'),
});
export const PublicResults = z.object({ items: z.array(PublicResult) });
