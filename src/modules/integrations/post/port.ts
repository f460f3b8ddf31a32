import { z } from 'zod';

/**
 * What Motcua needs from Vietnam Post (Bưu điện Việt Nam, the public postal service that returns results
 * of administrative procedures, Decision 45/2016/QĐ-TTg): take a result for delivery and give it a
 * tracking number; later, tell Motcua (a signed callback) whether it was delivered or returned to sender.
 */

export interface ShipmentRequest {
  /** Motcua's reference (the outbox message id): the same request sent twice makes one shipment. */
  readonly reference: string;
  readonly recordCode: string;
  readonly recipient: { readonly name: string; readonly phone: string | null; readonly address: string };
  /** What is sent (the result of …, or the refusal notice). */
  readonly contents: string;
}

export interface ShipmentReceipt {
  readonly trackingNumber: string;
  readonly duplicate: boolean;
}

/** A callback of the post about one shipment (the body of POST /api/integrations/post/callbacks). */
export const PostCallback = z.object({
  eventId: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .describe("the post's id of this event: a repeat is answered 200 and ignored"),
  trackingNumber: z.string().trim().min(1).max(50),
  status: z.enum(['delivered', 'returned']),
  occurredAt: z.iso
    .datetime({ offset: true })
    .describe('when it happened at the post (orders out-of-order callbacks)'),
  recipientName: z.string().trim().min(1).max(200).optional().describe('who signed for it (delivered)'),
  reason: z.string().trim().min(1).max(500).optional().describe('why it came back (returned)'),
});
export type PostCallback = z.infer<typeof PostCallback>;

/** The header carrying the callback's signature: `sha256=` and the hex HMAC-SHA256 of the raw body. */
export const SIGNATURE_HEADER = 'x-post-signature';

export interface PostPort {
  /** Hands a result over for delivery. @throws IntegrationError */
  createShipment(r: ShipmentRequest): Promise<ShipmentReceipt>;
}
