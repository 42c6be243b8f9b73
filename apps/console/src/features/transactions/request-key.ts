/**
 * A new refund request key: 128 random bits as hex. One per refund dialog, so that a double-click
 * or a resent request is the same refund to the API (and to Stripe, through its idempotency key).
 * getRandomValues, unlike randomUUID, also works on a plain-http origin other than localhost.
 */
export function createRequestKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
