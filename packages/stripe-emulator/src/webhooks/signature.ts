/**
 * The `Stripe-Signature` header Stripe puts on webhook requests (docs.stripe.com/webhooks#verify-manually):
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<payload>" keyed with the endpoint's whsec_ secret>`.
 * The SDK's `stripe.webhooks.constructEvent` verifies exactly this.
 */
import { createHmac } from 'node:crypto';

/** Signs `payload` (the exact bytes sent) at `timestampSeconds`; returns the header value. */
export function signWebhookPayload(payload: string, secret: string, timestampSeconds: number): string {
  const signature = createHmac('sha256', secret).update(`${timestampSeconds}.${payload}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${signature}`;
}
