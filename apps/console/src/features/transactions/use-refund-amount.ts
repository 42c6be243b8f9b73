import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { checkStripeAmount, toMinorUnits } from '@marketdesk/shared';
import { readServerFieldErrors } from '../../lib/field-errors.ts';
import { useTRPC } from '../../lib/trpc.ts';

/**
 * `major` ("12.34"; "1500" for JPY) in minor units of `currency`, or why it is not an amount:
 * not a decimal, a fraction of a minor unit, or an amount Stripe refuses to refund in that
 * currency (checkStripeAmount: "12.345" KWD, "1.50" ISK), so the field says so before submitting.
 */
export function parseMajorAmount(major: string, currency: string): { minor: number; error?: undefined } | { minor?: undefined; error: string } {
  if (!major.trim()) return { error: 'Enter the amount to refund' };
  let minor: number;
  try {
    minor = toMinorUnits(major, currency);
  } catch (error) {
    return { error: (error as RangeError).message };
  }
  const refusal = checkStripeAmount(minor, currency, 'refund');
  return refusal ? { error: refusal } : { minor };
}

/**
 * The amount typed in the refund dialog, in minor units, and the API's split preview for it
 * (`refunds.preview`: what the creator and the platform give back). The preview follows typing
 * after a pause; `isCurrent` says it is for the amount now in the field.
 */
export function useRefundPreview(purchaseId: string, currency: string, major: string) {
  const trpc = useTRPC();
  const parsed = parseMajorAmount(major, currency);
  const [debounced] = useDebouncedValue(parsed.minor, 300);
  const isPreviewable = debounced !== undefined && debounced > 0;
  const preview = useQuery(
    trpc.refunds.preview.queryOptions({ purchaseId, amount: debounced ?? 0, currency }, { enabled: isPreviewable, throwOnError: false, retry: false, staleTime: 0 }),
  );
  const isCurrent = preview.data !== undefined && preview.data.amount === parsed.minor && !preview.isFetching && !preview.error;
  const amountError = parsed.error ?? (parsed.minor !== undefined && parsed.minor <= 0 ? 'The amount must be more than zero' : undefined) ?? (preview.error && debounced === parsed.minor ? readServerFieldErrors(preview.error).amount : undefined);
  return { minor: parsed.minor, preview, isCurrent, amountError };
}
