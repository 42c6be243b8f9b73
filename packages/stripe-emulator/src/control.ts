/**
 * Test-only controls: what Stripe's Dashboard, card networks and banks would do on their own.
 * Callable in-process (`emulator.control.failRefund(id)`) or over HTTP under `/_emulator/`
 * (listed in index.ts). Every action is a Tx like any API request: persisted, events emitted.
 */
import type Stripe from 'stripe';
import { answerHostedPage } from './checkout-page.ts';
import type { EmulatorCore, Tx } from './core.ts';
import { invalidRequest, orMissing } from './errors.ts';
import type { FormObject } from './http/form.ts';
import type { ControlHandler, EmulatorHttpServer, OutagePlan } from './http/server.ts';
import { completeOnboarding, setAccountStatus, type AccountStatusPatch } from './resources/accounts.ts';
import { openDispute, resolveDispute, type OpenDisputeOptions } from './resources/disputes.ts';
import { expire, readSession } from './resources/checkout-sessions.ts';
import { authenticatePaymentIntent } from './resources/payment-intents.ts';
import { settlePayout } from './resources/payouts.ts';
import { failRefund, succeedRefund } from './resources/refunds.ts';
import { missingRequirements, onboardingPage, readAccountLink } from './resources/onboarding.ts';
import { DECLINES } from './test-cards.ts';
import { USD_MICROS_PER_UNIT } from './settlement.ts';

export class EmulatorControls implements ControlHandler {
  private readonly core: EmulatorCore;
  private readonly getServer: () => EmulatorHttpServer;

  constructor(core: EmulatorCore, getServer: () => EmulatorHttpServer) {
    this.core = core;
    this.getServer = getServer;
  }

  /** Completes a pending refund. */
  succeedRefund(id: string): Promise<Stripe.Refund> {
    return this.act((tx) => succeedRefund(tx, id));
  }

  /** Fails a pending refund (`failure_reason`, default `expired_or_canceled_card`). */
  failRefund(id: string, failureReason?: string): Promise<Stripe.Refund> {
    return this.act((tx) => failRefund(tx, id, failureReason));
  }

  /** Opens a dispute on a succeeded charge (chargeback by default; `isInquiry` for an inquiry). */
  openDispute(chargeId: string, options: OpenDisputeOptions = {}): Promise<Stripe.Dispute> {
    return this.act((tx) => openDispute(tx, orMissing(tx.store.get('charge', chargeId), 'charge', chargeId), options));
  }

  /** Decides an open dispute. */
  resolveDispute(id: string, outcome: 'won' | 'lost'): Promise<Stripe.Dispute> {
    return this.act((tx) => resolveDispute(tx, orMissing(tx.store.get('dispute', id), 'dispute', id), outcome));
  }

  /** Moves a payout to `in_transit`, `paid` or `failed` (with a Stripe failure code). */
  settlePayout(id: string, status: 'in_transit' | 'paid' | 'failed', failureCode?: string): Promise<Stripe.Payout> {
    return this.act((tx) => settlePayout(tx, id, status, failureCode));
  }

  /** Changes a connected account's onboarding state; emits account.updated. */
  setAccountStatus(id: string, patch: AccountStatusPatch): Promise<Stripe.Account> {
    return this.act((tx) => setAccountStatus(tx, id, patch));
  }

  /** Completes a connected account's onboarding as its holder would on the hosted page; emits account.updated. */
  completeOnboarding(id: string): Promise<Stripe.Account> {
    return this.act((tx) => completeOnboarding(tx, id));
  }

  /**
   * Answers the 3-D Secure challenge of a PaymentIntent in `requires_action` as the buyer would on
   * the challenge page: `complete` charges the card, `fail` returns it to `requires_payment_method`.
   */
  authenticatePaymentIntent(id: string, outcome: 'complete' | 'fail'): Promise<Stripe.PaymentIntent> {
    return this.act((tx) => authenticatePaymentIntent(tx, orMissing(tx.store.get('payment_intent', id), 'payment_intent', id), outcome));
  }

  /** Expires an open Checkout Session now, as Stripe does at its `expires_at`. */
  expireCheckoutSession(id: string): Promise<Stripe.Checkout.Session> {
    return this.act((tx) => expire(tx, readSession(tx, id, 'any')));
  }

  /** Makes the next `count` API requests fail (see OutagePlan). */
  setOutage(plan: Partial<OutagePlan> & { count: number }): void {
    const { count, ...rest } = plan;
    this.getServer().outage = { mode: 'error', status: 500, when: 'before', holdMs: 120_000, ...rest, remaining: count };
  }

  clearOutage(): void {
    this.getServer().outage = null;
  }

  /**
   * Makes every later charge of `customerId` decline with `declineCode` (a key of DECLINES,
   * default insufficient_funds) — the bank declining a saved card off-session — or, with null,
   * accept them again. Stripe has no such call; its test cards cannot change after they are saved.
   * @throws StripeApiError 404 for an unknown customer, 400 for an unknown decline code.
   */
  declineCustomerCharges(customerId: string, declineCode: string | null = 'insufficient_funds'): Promise<{ customer: string; decline_code: string | null }> {
    return this.act((tx) => {
      orMissing(tx.store.get('customer', customerId), 'customer', customerId);
      const decline = declineCode === null ? null : DECLINES[declineCode];
      if (decline === undefined) throw invalidRequest(`Unknown decline_code ${declineCode}: use one of ${Object.keys(DECLINES).join(', ')}`, { param: 'decline_code' });
      tx.store.setCustomerDecline(customerId, decline);
      return { customer: customerId, decline_code: declineCode };
    });
  }

  /** The emulator's current time in unix seconds (real time unless shifted by setClock). */
  now(): number {
    return this.core.clock.now();
  }

  /** Shifts the emulator's clock: to `now` (unix seconds), by `advanceSeconds`, or back to real time. */
  setClock(input: { now?: number; advanceSeconds?: number; isReset?: boolean }): number {
    const clock = this.core.clock;
    if (input.isReset) clock.offsetSeconds = 0;
    if (input.now !== undefined) clock.offsetSeconds = input.now - Math.floor(Date.now() / 1000);
    if (input.advanceSeconds !== undefined) clock.offsetSeconds += input.advanceSeconds;
    return clock.now();
  }

  /**
   * Changes how money settles from now on (settlement.ts): the platform's settlement currency
   * (null: each charge in its own) and the seconds before a charge's funds are available. Objects
   * made before keep what they settled as. Not persisted: a restart takes the start options again.
   * @throws StripeApiError 400 for a currency without an exchange rate or a negative delay.
   */
  configureSettlement(input: { settlementCurrency?: string | null; availabilityDelaySeconds?: number }): { settlementCurrency: string | null; availabilityDelaySeconds: number } {
    const settings = this.core.settings;
    if (input.settlementCurrency !== undefined) {
      const currency = input.settlementCurrency ? input.settlementCurrency.toLowerCase() : null;
      if (currency && USD_MICROS_PER_UNIT[currency] === undefined) throw invalidRequest(`The Stripe emulator has no exchange rate for ${currency.toUpperCase()}.`, { param: 'settlement_currency' });
      settings.settlementCurrency = currency;
    }
    if (input.availabilityDelaySeconds !== undefined) {
      if (!Number.isSafeInteger(input.availabilityDelaySeconds) || input.availabilityDelaySeconds < 0) throw invalidRequest('availability_delay_seconds must be a whole number of seconds, 0 or more.', { param: 'availability_delay_seconds' });
      settings.availabilityDelaySeconds = input.availabilityDelaySeconds;
    }
    return { settlementCurrency: settings.settlementCurrency, availabilityDelaySeconds: settings.availabilityDelaySeconds };
  }

  /** Delivers an existing event once more. */
  resendEvent(id: string): Stripe.Event {
    const event = orMissing(this.core.store.get('event', id), 'event', id);
    this.core.dispatcher.resend(event);
    return event;
  }

  async handle(method: string, pathname: string, body: FormObject, query: URLSearchParams): Promise<{ status: number; body: unknown; redirect?: string; html?: string } | undefined> {
    const parts = pathname.split('/').filter(Boolean).slice(1);
    const [resource, id, action] = parts;
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
    const integer = (name: string) => (text(name) === undefined ? undefined : toInteger(text(name)!, name));
    const flag = (name: string) => (text(name) === undefined ? undefined : text(name) === 'true');
    const ok = (value: unknown) => ({ status: 200, body: value });
    const shape = id === 'flush' ? '/flush' : action ? `/:id/${action}` : id ? '/:id' : '';
    const route = `${method} ${resource ?? ''}${shape}`;
    const dispatcher = this.core.dispatcher;

    switch (route) {
      case 'GET health':
        // The signing secret is here so that other processes can share this emulator; it is a
        // test-mode secret, served on loopback only.
        return ok({
          ok: true, mode: 'emulator', platform_account: this.core.store.meta.platformAccountId, webhook_url: dispatcher.url ?? null,
          webhook_secret: this.core.store.meta.webhookSecret, connect_webhook_url: dispatcher.connectUrl ?? null,
          connect_webhook_secret: this.core.store.meta.connectWebhookSecret, pending_deliveries: dispatcher.pendingCount, now: this.core.clock.now(),
        });
      case 'POST refunds/:id/succeed':
        return ok(await this.succeedRefund(id!));
      case 'POST refunds/:id/fail':
        return ok(await this.failRefund(id!, text('failure_reason')));
      case 'POST charges/:id/dispute':
        return ok(await this.openDispute(id!, { reason: text('reason'), amount: integer('amount'), isInquiry: flag('inquiry') }));
      case 'POST disputes/:id/resolve': {
        const outcome = text('outcome');
        if (outcome !== 'won' && outcome !== 'lost') throw invalidRequest('outcome must be won or lost', { param: 'outcome' });
        return ok(await this.resolveDispute(id!, outcome));
      }
      case 'POST payouts/:id/paid':
      case 'POST payouts/:id/fail':
      case 'POST payouts/:id/in_transit':
        return ok(await this.settlePayout(id!, action === 'fail' ? 'failed' : (action as 'paid' | 'in_transit'), text('failure_code')));
      case 'POST accounts/:id':
        return ok(await this.setAccountStatus(id!, {
          charges_enabled: flag('charges_enabled'), payouts_enabled: flag('payouts_enabled'), details_submitted: flag('details_submitted'),
          ...(body.disabled_reason !== undefined ? { disabled_reason: text('disabled_reason') || null } : {}),
        }));
      case 'POST accounts/:id/onboard':
        return ok(await this.completeOnboarding(id!));
      case 'POST outage':
        this.setOutage({
          count: integer('count') ?? 1,
          mode: text('mode') === 'timeout' ? 'timeout' : 'error',
          status: integer('status') ?? 500,
          when: text('when') === 'after' ? 'after' : 'before',
          holdMs: integer('hold_ms') ?? 120_000,
        });
        return ok(this.getServer().outage);
      case 'DELETE outage':
        this.clearOutage();
        return ok({ outage: null });
      case 'POST customers/:id/decline':
        return ok(await this.declineCustomerCharges(id!, text('decline_code') ?? 'insufficient_funds'));
      case 'DELETE customers/:id/decline':
        return ok(await this.declineCustomerCharges(id!, null));
      case 'POST settings':
        return ok(this.configureSettlement({
          ...(body.settlement_currency !== undefined ? { settlementCurrency: text('settlement_currency') || null } : {}),
          ...(body.availability_delay_seconds !== undefined ? { availabilityDelaySeconds: integer('availability_delay_seconds') } : {}),
        }));
      case 'POST clock':
        return ok({ now: this.setClock({ now: integer('now'), advanceSeconds: integer('advance_seconds'), isReset: flag('reset') }) });
      case 'GET webhooks':
        return ok({ url: dispatcher.url ?? null, connect_url: dispatcher.connectUrl ?? null, pending: dispatcher.pendingCount, attempts: dispatcher.attempts.slice(-100) });
      case 'POST webhooks': {
        const patch: Parameters<typeof dispatcher.configure>[0] = {};
        if (text('url') !== undefined) patch.url = text('url') || undefined;
        if (text('connect_url') !== undefined) patch.connect = { url: text('connect_url') || undefined };
        if (flag('each_delivered_twice') !== undefined) patch.isEachDeliveredTwice = flag('each_delivered_twice');
        if (flag('shuffled') !== undefined) patch.isShuffled = flag('shuffled');
        if (flag('paused') !== undefined) patch.isPaused = flag('paused');
        dispatcher.configure(patch);
        return ok({ url: dispatcher.url ?? null, connect_url: dispatcher.connectUrl ?? null });
      }
      case 'POST webhooks/flush':
        await this.core.settleTasks();
        await dispatcher.flush();
        return ok({ pending: dispatcher.pendingCount });
      case 'POST events/:id/resend':
        return ok(this.resendEvent(id!));
      case 'GET onboarding/:id':
      case 'POST onboarding/:id':
        return this.answerOnboarding(method, id!, body, query);
      case 'GET express/:id':
        return ok(orMissing(this.core.store.get('account', id!), 'account', id!));
      default:
        return answerHostedPage(this.core, method, parts, body, query);
    }
  }

  /**
   * The hosted onboarding page an Account Link leads to: GET shows the form; POST completes the
   * account and redirects to the link's return_url, or shows the form again with what is missing.
   * An expired link redirects to its refresh_url; a link not made by this emulator gets a 400.
   */
  private async answerOnboarding(method: string, accountId: string, form: FormObject, query: URLSearchParams): Promise<{ status: number; body: unknown; redirect?: string; html?: string }> {
    const account = orMissing(this.core.store.get('account', accountId), 'account', accountId);
    const link = readAccountLink(query, accountId, this.core.store.meta.webhookSecret);
    if (!link) throw invalidRequest('This onboarding link is not valid: make a new one with POST /v1/account_links.', { param: 'link' });
    if (this.core.clock.now() > link.expiresAt) return { status: 302, body: null, redirect: link.refreshUrl };
    const action = `/_emulator/onboarding/${accountId}?${query.toString()}`;
    if (method === 'GET') return { status: 200, body: null, html: onboardingPage(account, action) };
    const fields = Object.fromEntries(Object.entries(form).filter(([, value]) => typeof value === 'string'));
    const missing = missingRequirements(fields);
    if (missing.length > 0) return { status: 400, body: null, html: onboardingPage(account, action, missing) };
    await this.act((tx) => completeOnboarding(tx, accountId, {
      businessType: fields.business_type as string, url: fields['business_profile.url'] as string, mcc: fields['business_profile.mcc'] as string,
      accountNumber: fields['external_account.account_number'] as string,
    }));
    return { status: 302, body: null, redirect: link.returnUrl };
  }

  private act<T>(work: (tx: Tx) => T): Promise<T> {
    return this.core.run(null, work);
  }
}

function toInteger(value: string, name: string): number {
  if (!/^-?\d+$/.test(value)) throw invalidRequest(`Invalid integer: ${value}`, { code: 'parameter_invalid_integer', param: name });
  return Number(value);
}
