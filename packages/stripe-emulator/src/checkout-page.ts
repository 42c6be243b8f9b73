/**
 * The emulator's hosted pages, served under `/_emulator/` without a key (test mode only):
 * - `GET /_emulator/checkout/:session`: the Checkout Session's payment page (the session's `url`;
 *   in setup mode "Save your card", which saves it through a SetupIntent and charges nothing):
 *   what is bought and its amount, a card number field (test numbers only, test-cards.ts), Pay,
 *   and a link back to `cancel_url`. `POST` pays: success redirects to `success_url` with
 *   `{CHECKOUT_SESSION_ID}` substituted; a 3-D Secure card redirects to the challenge page; a
 *   decline shows the bank's message and the form again (the session stays open).
 * - `GET /_emulator/checkout/:session/return`: where the challenge page sends the buyer back.
 * - `GET /_emulator/payment_intents/:pi/authenticate[?return_url=…]`: the 3-D Secure challenge
 *   of a PaymentIntent in `requires_action` (its `next_action.redirect_to_url.url`), with
 *   "Complete authentication" and "Fail authentication"; `POST outcome=complete|fail` answers
 *   it, then redirects to `return_url` (or answers the PaymentIntent as JSON without one).
 * Not Stripe's pages: no Link, wallets, address or tax collection, localisation or card checks
 * (Luhn, expiry, CVC).
 */
import type Stripe from 'stripe';
import type { EmulatorCore } from './core.ts';
import { StripeApiError, orMissing } from './errors.ts';
import { formatAmount } from './fees.ts';
import type { FormObject } from './http/form.ts';
import type { ControlHandler } from './http/server.ts';
import { lineItemsOf, paySession, readSession, setUpSession } from './resources/checkout-sessions.ts';
import { authenticatePaymentIntent } from './resources/payment-intents.ts';
import { TEST_CARD_NUMBERS } from './test-cards.ts';

type ControlAnswer = NonNullable<Awaited<ReturnType<ControlHandler['handle']>>>;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}label,input,button{display:block;width:100%;margin:.4rem 0}
input,button{padding:.6rem;font-size:1rem}[role=alert]{color:#b00020}.muted{color:#666;font-size:.85rem}</style></head>
<body><p class="muted">Stripe emulator — test mode</p>${body}</body></html>`;

const successUrlOf = (session: Stripe.Checkout.Session) => session.success_url!.replaceAll('{CHECKOUT_SESSION_ID}', session.id);

function paymentPage(session: Stripe.Checkout.Session, items: ReturnType<typeof lineItemsOf>, error?: string): string {
  const lines = items.map((item) => `<li>${escapeHtml(item.name)}${item.quantity > 1 ? ` × ${item.quantity}` : ''}</li>`).join('');
  const cancel = session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel and go back</a></p>` : '';
  const isSetup = session.mode === 'setup';
  const heading = isSetup ? 'Save your card' : `Pay ${escapeHtml(formatAmount(session.amount_total ?? 0, session.currency ?? 'usd'))}`;
  return page('Checkout', `<h1>${heading}</h1>${isSetup ? '<p>Your card is saved for later payments; nothing is charged now.</p>' : ''}
<ul>${lines}</ul>${session.customer_email ? `<p>${escapeHtml(session.customer_email)}</p>` : ''}
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/_emulator/checkout/${encodeURIComponent(session.id)}">
<label>Card number <input name="card_number" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" required></label>
<button type="submit">${isSetup ? 'Save card' : 'Pay'}</button></form>${cancel}`);
}

const closedPage = (session: Stripe.Checkout.Session) => page('Checkout', `<h1>This Checkout Session is ${escapeHtml(session.status ?? 'closed')}</h1><p>It can no longer be paid.</p>`);

/** Answers the hosted pages' routes (`parts`: the path after `/_emulator/`), or undefined for another path. */
export async function answerHostedPage(core: EmulatorCore, method: string, parts: string[], form: FormObject, query: URLSearchParams): Promise<ControlAnswer | undefined> {
  const [resource, id, action] = parts;
  if (resource === 'checkout' && id && (action === undefined || action === 'return')) return answerCheckout(core, method, id, action, form);
  if (resource === 'payment_intents' && id && action === 'authenticate') return answerChallenge(core, method, id, form, query);
  return undefined;
}

async function answerCheckout(core: EmulatorCore, method: string, id: string, action: string | undefined, form: FormObject): Promise<ControlAnswer | undefined> {
  if (method === 'GET') {
    return core.run(null, (tx) => {
      const session = readSession(tx, id, 'any');
      if (session.status === 'complete') return { status: 302, body: null, redirect: successUrlOf(session) };
      if (session.status !== 'open') return { status: 410, body: null, html: closedPage(session) };
      const pi = action === 'return' && typeof session.payment_intent === 'string' ? tx.store.get('payment_intent', session.payment_intent) : undefined;
      return { status: 200, body: null, html: paymentPage(session, lineItemsOf(tx, session), pi?.last_payment_error?.message) };
    });
  }
  if (method !== 'POST' || action !== undefined) return undefined;
  const number = (typeof form.card_number === 'string' ? form.card_number : '').replace(/[\s-]/g, '');
  const paymentMethod = TEST_CARD_NUMBERS[number];
  return core.run(null, (tx) => {
    const session = readSession(tx, id, 'any');
    if (session.status !== 'open') return { status: 410, body: null, html: closedPage(session) };
    if (!paymentMethod) return { status: 400, body: null, html: paymentPage(session, lineItemsOf(tx, session), 'Your card number is incorrect. Use a Stripe test card number, such as 4242 4242 4242 4242.') };
    const returnUrl = new URL(`/_emulator/checkout/${encodeURIComponent(id)}/return`, tx.settings.baseUrl || 'http://127.0.0.1').toString();
    try {
      if (session.mode === 'setup') {
        setUpSession(tx, session, paymentMethod);
        return { status: 302, body: null, redirect: successUrlOf(session) };
      }
      const pi = paySession(tx, session, paymentMethod, returnUrl);
      if (pi.status === 'requires_action' && pi.next_action?.redirect_to_url?.url) return { status: 302, body: null, redirect: pi.next_action.redirect_to_url.url };
      return { status: 302, body: null, redirect: successUrlOf(session) };
    } catch (error) {
      if (!(error instanceof StripeApiError) || error.status !== 402) throw error;
      return { status: 402, body: null, html: paymentPage(session, lineItemsOf(tx, session), error.body.message as string) };
    }
  });
}

async function answerChallenge(core: EmulatorCore, method: string, id: string, form: FormObject, query: URLSearchParams): Promise<ControlAnswer | undefined> {
  const returnUrl = query.get('return_url');
  if (method === 'GET') {
    return core.run(null, (tx) => {
      const pi = orMissing(tx.store.get('payment_intent', id), 'payment_intent', id);
      if (pi.status !== 'requires_action') return returnUrl ? { status: 302, body: null, redirect: returnUrl } : { status: 200, body: pi };
      const action = `/_emulator/payment_intents/${encodeURIComponent(id)}/authenticate${returnUrl ? `?return_url=${encodeURIComponent(returnUrl)}` : ''}`;
      return {
        status: 200, body: null,
        html: page('3D Secure 2 test page', `<h1>3D Secure 2 test page</h1><p>${escapeHtml(formatAmount(pi.amount, pi.currency))} to ${escapeHtml(pi.description ?? 'the merchant')}</p>
<form method="post" action="${escapeHtml(action)}"><button type="submit" name="outcome" value="complete">Complete authentication</button>
<button type="submit" name="outcome" value="fail">Fail authentication</button></form>`),
      };
    });
  }
  if (method !== 'POST') return undefined;
  const outcome = form.outcome === 'complete' ? 'complete' : 'fail';
  const pi = await core.run(null, (tx) => authenticatePaymentIntent(tx, orMissing(tx.store.get('payment_intent', id), 'payment_intent', id), outcome));
  return returnUrl ? { status: 302, body: null, redirect: returnUrl } : { status: 200, body: pi };
}
