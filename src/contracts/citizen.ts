import { z } from 'zod';
import { ChannelKind } from '../core/catalog/index.ts';
import { Deadline, RecordStatus } from '../core/records/index.ts';
import { PaymentView, TrackingView } from './records.ts';

/** Whether citizens can sign in with e-ID (VNeID), and at which issuer. */
export const CitizenAuthStatus = z.object({ enabled: z.boolean(), issuer: z.string().nullable() });

/** The citizen signed in with e-ID: what the identity provider verified (prefills the online forms). */
export const CitizenMe = z.object({
  personalId: z.string().describe('Số định danh cá nhân (12 digits), verified by the identity provider'),
  fullName: z.string(),
  birthDate: z.string().nullable().describe('yyyy-MM-dd'),
  sex: z.enum(['male', 'female']).nullable(),
  address: z.string().nullable(),
  identityLevel: z.number().int(),
  sessionExpiresAt: z.date(),
});

/** After signing out: where to end the identity provider's session (RP-initiated logout). */
export const CitizenSignOut = z.object({ endSessionUrl: z.string().nullable() });

/** One of the citizen's records in "Hồ sơ của tôi" (online or received at a counter for their personal ID). */
export const CitizenRecordSummary = z.object({
  id: z.string(),
  code: z.string().nullable().describe('The record code, given at reception'),
  reference: z.string().nullable().describe("An online submission's reference"),
  channel: ChannelKind,
  procedureCode: z.string(),
  procedureName: z.string().nullable(),
  status: RecordStatus,
  nationalStatusName: z.string().nullable(),
  submittedAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
  appointment: Deadline.nullable().describe('The appointment (due date) for the result'),
  deliveredAt: z.string().nullable(),
  resultIssued: z
    .boolean()
    .describe('The result (or the refusal) is decided: its signed documents can be taken'),
  paymentDue: z.boolean().describe('A payment was requested and is not confirmed yet'),
});

export const CitizenRecordList = z.object({ items: z.array(CitizenRecordSummary) });

/** One record of the citizen, for its owner: status, steps, reasons, appointment and the payment request. */
export const CitizenRecordDetail = TrackingView.extend({
  id: z.string(),
  channel: ChannelKind,
  procedureName: z.string().nullable(),
  applicantName: z.string(),
  payment: PaymentView,
});
