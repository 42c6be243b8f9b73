/**
 * The test payment methods the emulator accepts, named as in Stripe's testing docs
 * (docs.stripe.com/testing): each succeeds, declines, or succeeds and later misbehaves
 * (a dispute opens, a refund fails).
 */
export interface TestCard {
  brand: string;
  last4: string;
  funding: 'credit' | 'debit';
  country: string;
  /** The charge is declined with this card error. */
  decline?: { code: string; declineCode?: string; message: string };
  /** A dispute opens right after the charge succeeds. */
  dispute?: { reason: string; isInquiry: boolean };
  /** Refunds of the charge start pending and then fail. */
  isRefundFailing?: boolean;
  /** Attaching it to a customer succeeds, but every charge of a customer with it is declined. */
  isCustomerChargeFailing?: boolean;
  /**
   * 3-D Secure: `always` — every on-session payment needs the buyer's authentication and an
   * off-session one is declined (`authentication_required`); `on_setup` — on-session payments need
   * it, off-session payments of the saved card do not.
   */
  threeDSecure?: 'always' | 'on_setup';
}

/** Declines a card network or bank may send for any card (`/_emulator/customers/:id/decline`). */
export const DECLINES: Record<string, NonNullable<TestCard['decline']>> = {
  generic_decline: { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' },
  insufficient_funds: { code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  expired_card: { code: 'expired_card', declineCode: 'expired_card', message: 'Your card has expired.' },
  lost_card: { code: 'card_declined', declineCode: 'lost_card', message: 'Your card was declined.' },
};

const DECLINED = 'Your card was declined.';

export const TEST_CARDS: Record<string, TestCard> = {
  pm_card_visa: { brand: 'visa', last4: '4242', funding: 'credit', country: 'US' },
  pm_card_visa_debit: { brand: 'visa', last4: '5556', funding: 'debit', country: 'US' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444', funding: 'credit', country: 'US' },
  pm_card_amex: { brand: 'amex', last4: '8431', funding: 'credit', country: 'US' },
  pm_card_jp: { brand: 'visa', last4: '0003', funding: 'credit', country: 'JP' },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', funding: 'credit', country: 'US', decline: { code: 'card_declined', declineCode: 'generic_decline', message: DECLINED } },
  pm_card_chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995', funding: 'credit', country: 'US', decline: { code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' } },
  pm_card_chargeDeclinedFraudulent: { brand: 'visa', last4: '0019', funding: 'credit', country: 'US', decline: { code: 'card_declined', declineCode: 'fraudulent', message: DECLINED } },
  pm_card_chargeDeclinedExpiredCard: { brand: 'visa', last4: '0069', funding: 'credit', country: 'US', decline: { code: 'expired_card', declineCode: 'expired_card', message: 'Your card has expired.' } },
  pm_card_chargeDeclinedProcessingError: { brand: 'visa', last4: '0119', funding: 'credit', country: 'US', decline: { code: 'processing_error', declineCode: 'processing_error', message: 'An error occurred while processing your card. Try again in a little bit.' } },
  pm_card_createDispute: { brand: 'visa', last4: '0259', funding: 'credit', country: 'US', dispute: { reason: 'fraudulent', isInquiry: false } },
  pm_card_createDisputeProductNotReceived: { brand: 'visa', last4: '2685', funding: 'credit', country: 'US', dispute: { reason: 'product_not_received', isInquiry: false } },
  pm_card_createDisputeInquiry: { brand: 'visa', last4: '1976', funding: 'credit', country: 'US', dispute: { reason: 'fraudulent', isInquiry: true } },
  pm_card_refundFail: { brand: 'visa', last4: '5126', funding: 'credit', country: 'US', isRefundFailing: true },
  // 4000000000000341: "Attaching this card to a Customer object succeeds, but attempts to charge the customer fail."
  pm_card_chargeCustomerFail: { brand: 'visa', last4: '0341', funding: 'credit', country: 'US', isCustomerChargeFailing: true },
  // 4000002500003155: authentication on the first (on-session) payment; saved, it pays off-session.
  pm_card_authenticationRequiredOnSetup: { brand: 'visa', last4: '3155', funding: 'credit', country: 'US', threeDSecure: 'on_setup' },
  // 4000000000003220: 3-D Secure 2 must be completed for every payment.
  pm_card_threeDSecure2Required: { brand: 'visa', last4: '3220', funding: 'credit', country: 'US', threeDSecure: 'always' },
};

/**
 * Card numbers the hosted Checkout page accepts (docs.stripe.com/testing), as the test payment
 * method each stands for.
 */
export const TEST_CARD_NUMBERS: Record<string, string> = {
  '4242424242424242': 'pm_card_visa',
  '4000056655665556': 'pm_card_visa_debit',
  '5555555555554444': 'pm_card_mastercard',
  '4000002500003155': 'pm_card_authenticationRequiredOnSetup',
  '4000000000003220': 'pm_card_threeDSecure2Required',
  '4000000000000002': 'pm_card_chargeDeclined',
  '4000000000009995': 'pm_card_chargeDeclinedInsufficientFunds',
  '4000000000000069': 'pm_card_chargeDeclinedExpiredCard',
  '4000000000000259': 'pm_card_createDispute',
};

/** Stripe's decline for an off-session payment of a card that needs authentication every time. */
export const AUTHENTICATION_REQUIRED: NonNullable<TestCard['decline']> = {
  code: 'authentication_required', declineCode: 'authentication_required', message: 'Your card was declined. This transaction requires authentication.',
};

/**
 * The decline a charge of `card` for `customer` meets: the card's own, a customer card that
 * always fails once attached, or the decline set on the customer by the emulator control (a
 * saved card that the bank starts declining later: expired, lost, out of funds).
 */
export function declineFor(card: TestCard, customer: string | null, customerDeclines: Record<string, NonNullable<TestCard['decline']>> | undefined): TestCard['decline'] {
  if (card.decline) return card.decline;
  if (card.isCustomerChargeFailing && customer) return DECLINES.generic_decline;
  return customer ? customerDeclines?.[customer] : undefined;
}
