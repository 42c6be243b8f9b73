/**
 * Connect onboarding as Stripe hosts it for Express accounts: a new account starts restricted
 * (capabilities inactive, charges and payouts disabled, what Stripe collects listed in
 * `requirements.currently_due` and `past_due`); an Account Link (`POST /v1/account_links`) is a
 * URL that expires after 300 s, leading to a hosted form (`/_emulator/onboarding/:account`).
 * Submitting the form satisfies the requirements, activates the requested capabilities, enables
 * charges and payouts, adds the bank account and sends `account.updated`, then redirects to the
 * link's `return_url`. An expired link redirects to its `refresh_url`, as Stripe's do
 * (docs.stripe.com/connect/express-accounts#refresh-url).
 *
 * Links are not stored: the URL carries the account, the two URLs and the expiry, signed with
 * an HMAC keyed with the platform's webhook secret, so nobody can change them. Unlike Stripe's,
 * a link can be followed more than once until it expires.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type Stripe from 'stripe';

/** How long an Account Link can be followed, seconds (Stripe: "a few minutes"). */
export const ACCOUNT_LINK_TTL_SECONDS = 300;

/**
 * What Stripe collects from a US individual on an Express account before it can receive
 * transfers and payouts (requirements as Stripe names them in `requirements.currently_due`).
 */
export const ONBOARDING_REQUIREMENTS = [
  'business_profile.mcc', 'business_profile.url', 'business_type', 'external_account',
  'individual.address.city', 'individual.address.line1', 'individual.address.postal_code', 'individual.address.state',
  'individual.dob.day', 'individual.dob.month', 'individual.dob.year', 'individual.email', 'individual.first_name',
  'individual.last_name', 'individual.phone', 'individual.ssn_last_4', 'tos_acceptance.date', 'tos_acceptance.ip',
] as const;

/** `requirements` of an account that has not onboarded: everything due now, and past due (Stripe disables it at once). */
export function restrictedRequirements(): Stripe.Account.Requirements {
  const due = [...ONBOARDING_REQUIREMENTS];
  return { alternatives: [], current_deadline: null, currently_due: due, disabled_reason: 'requirements.past_due', errors: [], eventually_due: [...due], past_due: [...due], pending_verification: [] };
}

export interface AccountLinkClaims {
  account: string;
  refreshUrl: string;
  returnUrl: string;
  /** Unix seconds on the emulator's clock. */
  expiresAt: number;
}

function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** The hosted onboarding URL for `claims`, under `baseUrl`. */
export function accountLinkUrl(baseUrl: string, secret: string, claims: AccountLinkClaims): string {
  const link = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${baseUrl}/_emulator/onboarding/${claims.account}?link=${link}&sig=${sign(link, secret)}`;
}

/** The claims of a link's query, or null when it is missing, malformed, for another account or not signed by `secret`. */
export function readAccountLink(query: URLSearchParams, account: string, secret: string): AccountLinkClaims | null {
  const link = query.get('link') ?? '';
  const signature = Buffer.from(query.get('sig') ?? '');
  const expected = Buffer.from(sign(link, secret));
  if (!link || signature.length !== expected.length || !timingSafeEqual(signature, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(link, 'base64url').toString('utf8')) as AccountLinkClaims;
    return claims.account === account ? claims : null;
  } catch {
    return null;
  }
}

/** Form fields of the hosted page, each satisfying the requirement of the same name (test values prefilled, as Stripe's test mode offers). */
const FORM_FIELDS: ReadonlyArray<{ name: string; label: string; value: string }> = [
  { name: 'individual.first_name', label: 'First name', value: 'Jenny' },
  { name: 'individual.last_name', label: 'Last name', value: 'Rosen' },
  { name: 'individual.email', label: 'Email', value: 'jenny.rosen@example.com' },
  { name: 'individual.phone', label: 'Phone', value: '+12025550123' },
  { name: 'individual.dob', label: 'Date of birth (YYYY-MM-DD)', value: '1990-01-01' },
  { name: 'individual.ssn_last_4', label: 'Last 4 of SSN', value: '0000' },
  { name: 'individual.address.line1', label: 'Address', value: 'address_full_match' },
  { name: 'individual.address.city', label: 'City', value: 'San Francisco' },
  { name: 'individual.address.state', label: 'State', value: 'CA' },
  { name: 'individual.address.postal_code', label: 'ZIP', value: '94103' },
  { name: 'business_profile.url', label: 'Website', value: 'https://marketdesk.example' },
  { name: 'business_profile.mcc', label: 'Industry (MCC)', value: '5734' },
  { name: 'external_account.routing_number', label: 'Routing number', value: '110000000' },
  { name: 'external_account.account_number', label: 'Account number', value: '000123456789' },
];

/** A complete submission of the hosted form with its test values (tests onboard accounts with it). */
export function onboardingTestForm(): Record<string, string> {
  return { business_type: 'individual', tos_acceptance: 'accepted', ...Object.fromEntries(FORM_FIELDS.map((field) => [field.name, field.value])) };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The hosted onboarding form for `account`, posting back to `action`; `missing` lists fields left empty by an earlier submission. */
export function onboardingPage(account: Stripe.Account, action: string, missing: readonly string[] = []): string {
  const inputs = FORM_FIELDS.map((field) => `<label>${escapeHtml(field.label)} <input name="${field.name}" value="${escapeHtml(field.value)}"></label>`).join('\n');
  const error = missing.length ? `<p role="alert">Still missing: ${missing.map(escapeHtml).join(', ')}</p>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Set up payouts — Stripe emulator</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto}label{display:block;margin:.5rem 0}input{display:block;width:100%}</style></head>
<body><h1>Set up payouts</h1><p>Stripe emulator: onboarding of Express account ${escapeHtml(account.id)}${account.email ? ` (${escapeHtml(account.email)})` : ''}.</p>${error}
<form method="post" action="${escapeHtml(action)}">
<label>Business type <select name="business_type"><option value="individual">Individual</option><option value="company">Company</option></select></label>
${inputs}
<label><input type="checkbox" name="tos_acceptance" value="accepted" checked style="display:inline;width:auto"> I accept the Stripe Connected Account Agreement</label>
<button type="submit">Agree and submit</button>
</form></body></html>`;
}

/** Requirements a submission of the form leaves unsatisfied (empty when it is complete). */
export function missingRequirements(form: Record<string, unknown>): string[] {
  const has = (name: string) => typeof form[name] === 'string' && (form[name] as string).trim() !== '';
  const satisfied = new Set<string>();
  for (const requirement of ONBOARDING_REQUIREMENTS) if (has(requirement)) satisfied.add(requirement);
  if (has('individual.dob') && /^\d{4}-\d{2}-\d{2}$/.test(String(form['individual.dob']))) ['individual.dob.day', 'individual.dob.month', 'individual.dob.year'].forEach((r) => satisfied.add(r));
  if (has('external_account.routing_number') && has('external_account.account_number')) satisfied.add('external_account');
  if (form.tos_acceptance === 'accepted') ['tos_acceptance.date', 'tos_acceptance.ip'].forEach((r) => satisfied.add(r));
  return ONBOARDING_REQUIREMENTS.filter((requirement) => !satisfied.has(requirement));
}
