/**
 * Connected accounts (Express by default): create, retrieve, update, list, account links and
 * login links. New accounts start restricted, as at Stripe: requested capabilities inactive,
 * charges and payouts disabled, no bank account, Stripe's requirements due (onboarding.ts). The
 * account holder completes them on the hosted page an Account Link leads to (or a test calls the
 * control `/_emulator/accounts/:id/onboard`); `/_emulator/accounts/:id` changes the status
 * afterwards. Every change emits `account.updated` with `account` set, as Connect webhooks carry it.
 */
import type Stripe from 'stripe';
import type { Tx } from '../core.ts';
import { invalidRequest, orMissing, referencedResourceMissing } from '../errors.ts';
import type { ApiRequest, Route } from '../http/router.ts';
import { LIST_PARAMS, listOf, paginate } from '../lists.ts';
import { applyMetadata, type Params } from '../params.ts';
import { ACCOUNT_LINK_TTL_SECONDS, accountLinkUrl, restrictedRequirements } from './onboarding.ts';

const CURRENCY_BY_COUNTRY: Record<string, string> = {
  US: 'usd', JP: 'jpy', KW: 'kwd', BH: 'bhd', JO: 'jod', OM: 'omr', GB: 'gbp', CA: 'cad', AU: 'aud', NZ: 'nzd', CH: 'chf', SG: 'sgd', HK: 'hkd',
  DE: 'eur', FR: 'eur', ES: 'eur', IT: 'eur', NL: 'eur', BE: 'eur', AT: 'eur', IE: 'eur', PT: 'eur', FI: 'eur',
};
const BUSINESS_PROFILE_FIELDS = ['name', 'url', 'product_description', 'support_email', 'support_phone', 'support_url', 'mcc'] as const;
const CREATE_PARAMS = ['type', 'country', 'email', 'business_type', 'business_profile', 'capabilities', 'metadata', 'default_currency', 'controller', 'tos_acceptance', 'settings', 'individual', 'company', 'external_account'];
const UPDATE_PARAMS = ['email', 'business_type', 'business_profile', 'capabilities', 'metadata', 'default_currency', 'tos_acceptance', 'settings', 'individual', 'company', 'external_account'];

export interface AccountStatusPatch {
  charges_enabled?: boolean;
  payouts_enabled?: boolean;
  details_submitted?: boolean;
  disabled_reason?: string | null;
}

function createAccount(tx: Tx, { params, account: caller }: ApiRequest): Stripe.Account {
  if (caller) throw invalidRequest('Connected accounts cannot create other accounts.', { param: 'Stripe-Account' });
  const type = params.oneOf('type', ['express', 'custom', 'standard'] as const) ?? 'express';
  const country = (params.string('country') ?? 'US').toUpperCase();
  const capabilityNames = Object.keys((params.raw('capabilities') as Record<string, unknown> | undefined) ?? { card_payments: {}, transfers: {} });
  const id = tx.newId('acct', 16);
  const defaultCurrency = params.currency('default_currency') ?? CURRENCY_BY_COUNTRY[country] ?? 'usd';
  const account: Stripe.Account = {
    id,
    object: 'account',
    business_profile: { mcc: null, minority_owned_business_designation: null, name: null, specified_commercial_transactions_act_url: null, support_address: null, support_email: null, support_phone: null, support_url: null, url: null, product_description: null },
    business_type: (params.string('business_type') ?? null) as Stripe.Account.BusinessType | null,
    capabilities: Object.fromEntries(capabilityNames.map((name) => [name, 'inactive'])) as Stripe.Account.Capabilities,
    charges_enabled: false,
    controller: type === 'standard'
      ? { type: 'account', is_controller: false }
      : { type: 'application', is_controller: true, fees: { payer: 'application' }, losses: { payments: 'application' }, requirement_collection: type === 'custom' ? 'application' : 'stripe', stripe_dashboard: { type: type === 'custom' ? 'none' : 'express' } },
    country,
    created: tx.now(),
    default_currency: defaultCurrency,
    details_submitted: false,
    email: params.string('email') ?? null,
    external_accounts: listOf([], `/v1/accounts/${id}/external_accounts`),
    future_requirements: noRequirements(),
    metadata: applyMetadata({}, params.metadata()),
    payouts_enabled: false,
    requirements: restrictedRequirements(),
    tos_acceptance: { date: null, ip: null, user_agent: null },
    type,
  };
  applyBusinessProfile(account, params);
  return tx.store.insert('account', null, account);
}

function updateAccount(tx: Tx, { params, account: caller, path }: ApiRequest): Stripe.Account {
  const account = findAccount(tx, path.id!, caller);
  const before = structuredClone(account);
  const email = params.string('email');
  if (email !== undefined) account.email = email;
  if (params.has('metadata')) account.metadata = applyMetadata(account.metadata, params.metadata());
  const currency = params.currency('default_currency');
  if (currency) account.default_currency = currency;
  const capabilities = params.raw('capabilities') as Record<string, unknown> | undefined;
  // A capability requested later is active at once only on an account that has onboarded.
  const requestedStatus = account.details_submitted ? 'active' : 'inactive';
  if (capabilities) account.capabilities = { ...account.capabilities, ...Object.fromEntries(Object.keys(capabilities).filter((name) => !account.capabilities?.[name as keyof Stripe.Account.Capabilities]).map((name) => [name, requestedStatus])) };
  applyBusinessProfile(account, params);
  return saveWithEvent(tx, account, before);
}

/** Changes onboarding state (control route); emits `account.updated`. @throws 404 for an unknown account. */
export function setAccountStatus(tx: Tx, id: string, patch: AccountStatusPatch): Stripe.Account {
  const account = orMissing(tx.store.get('account', id), 'account', id);
  const before = structuredClone(account);
  if (patch.charges_enabled !== undefined) account.charges_enabled = patch.charges_enabled;
  if (patch.payouts_enabled !== undefined) account.payouts_enabled = patch.payouts_enabled;
  if (patch.details_submitted !== undefined) account.details_submitted = patch.details_submitted;
  if (patch.disabled_reason !== undefined && account.requirements) {
    account.requirements.disabled_reason = patch.disabled_reason as Stripe.Account.Requirements.DisabledReason | null;
    account.requirements.currently_due = patch.disabled_reason ? ['external_account'] : [];
  }
  return saveWithEvent(tx, account, before);
}

/**
 * Completes onboarding of connected account `id`, as submitting Stripe's hosted form does:
 * nothing due, requested capabilities active, charges and payouts enabled, details submitted,
 * terms accepted now, the test bank account (`last4` of `accountNumber`) in `external_accounts`;
 * emits `account.updated`.
 * @throws StripeApiError 404 for an unknown account.
 */
export function completeOnboarding(tx: Tx, id: string, input: { businessType?: string; url?: string; mcc?: string; accountNumber?: string; ip?: string } = {}): Stripe.Account {
  const account = orMissing(tx.store.get('account', id), 'account', id);
  const before = structuredClone(account);
  account.capabilities = Object.fromEntries(Object.keys(account.capabilities ?? {}).map((name) => [name, 'active'])) as Stripe.Account.Capabilities;
  account.charges_enabled = true;
  account.payouts_enabled = true;
  account.details_submitted = true;
  account.business_type = (input.businessType ?? account.business_type ?? 'individual') as Stripe.Account.BusinessType;
  if (account.business_profile) {
    account.business_profile.url = input.url ?? account.business_profile.url ?? 'https://marketdesk.example';
    account.business_profile.mcc = input.mcc ?? account.business_profile.mcc ?? '5734';
  }
  account.requirements = noRequirements();
  account.tos_acceptance = { date: tx.now(), ip: input.ip ?? '127.0.0.1', user_agent: null };
  const bank = bankAccount(id, account.country ?? 'US', account.default_currency ?? 'usd');
  if (input.accountNumber) bank.last4 = input.accountNumber.slice(-4);
  account.external_accounts = listOf([bank], `/v1/accounts/${id}/external_accounts`);
  return saveWithEvent(tx, account, before);
}

/**
 * The connected account named by a parameter (e.g. `transfer_data[destination]`), which must be
 * able to receive transfers. @throws StripeApiError 400 `resource_missing` for an unknown account,
 * `insufficient_capabilities_for_transfer` when its `transfers` capability is not active (Stripe's error).
 */
export function requireDestination(tx: Tx, id: string, param: string): Stripe.Account {
  const account = tx.store.get('account', id);
  if (!account) throw referencedResourceMissing('destination', id, param);
  if (account.capabilities?.transfers !== 'active') {
    throw invalidRequest('Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments', { code: 'insufficient_capabilities_for_transfer', param });
  }
  return account;
}

function saveWithEvent(tx: Tx, account: Stripe.Account, before: Stripe.Account): Stripe.Account {
  const previous: Record<string, unknown> = {};
  for (const key of Object.keys(account) as Array<keyof Stripe.Account>) {
    if (JSON.stringify(account[key]) !== JSON.stringify(before[key])) previous[key] = before[key] ?? null;
  }
  tx.store.save(account);
  if (Object.keys(previous).length > 0) tx.emit('account.updated', account, { account: account.id, previous });
  return account;
}

function applyBusinessProfile(account: Stripe.Account, params: Params): void {
  const profile = params.object('business_profile', BUSINESS_PROFILE_FIELDS);
  if (!profile || !account.business_profile) return;
  for (const field of BUSINESS_PROFILE_FIELDS) {
    const value = profile.string(field);
    if (value !== undefined) account.business_profile[field] = value;
  }
}

/** The test bank account payouts of `accountId` go to (`ba_` + the account id's random part). */
export function bankAccountId(accountId: string): string {
  return `ba_${accountId.replace(/^acct_/, '')}`;
}

function bankAccount(accountId: string, country: string, currency: string): Stripe.BankAccount {
  return {
    id: bankAccountId(accountId), object: 'bank_account', account: accountId, account_holder_name: null, account_holder_type: 'individual',
    account_type: null, available_payout_methods: ['standard', 'instant'], bank_name: 'STRIPE TEST BANK', country, currency,
    default_for_currency: true, fingerprint: `emu${accountId.slice(5, 18)}`, last4: '6789', metadata: {}, routing_number: '110000000', status: 'new',
  };
}

/**
 * The platform's own account, made up on each read (it is not a stored record and cannot be
 * updated): a US company that controls itself (`controller.type = account`, as Stripe's sample),
 * onboarded, with card payments and transfers active, nothing due, its terms accepted when the
 * emulator's data folder was first used, and the test bank account its payouts go to. There are
 * no `settings`.
 */
function platformAccount(tx: Tx): Stripe.Account {
  const id = tx.platformAccountId;
  const created = tx.store.meta.platformCreated;
  return {
    id, object: 'account', business_profile: null, business_type: 'company',
    capabilities: { card_payments: 'active', transfers: 'active' }, charges_enabled: true, controller: { type: 'account' }, country: 'US',
    created, default_currency: tx.settings.settlementCurrency ?? 'usd', details_submitted: true, email: null,
    external_accounts: listOf([bankAccount(id, 'US', 'usd')], `/v1/accounts/${id}/external_accounts`),
    future_requirements: noRequirements(), metadata: {}, payouts_enabled: true, requirements: noRequirements(),
    tos_acceptance: { date: created, ip: null, user_agent: null }, type: 'standard',
  };
}

function noRequirements(): Stripe.Account.Requirements & Stripe.Account.FutureRequirements {
  return { alternatives: [], current_deadline: null, currently_due: [], disabled_reason: null, errors: [], eventually_due: [], past_due: [], pending_verification: [] };
}

export const accountRoutes: Route[] = [
  { method: 'POST', path: '/v1/accounts', params: CREATE_PARAMS, handle: createAccount },
  { method: 'GET', path: '/v1/account', params: [], handle: (tx, { account }) => (account ? findAccount(tx, account, account) : platformAccount(tx)) },
  { method: 'GET', path: '/v1/accounts/:id', params: [], handle: (tx, { account, path }) => (path.id === tx.platformAccountId ? platformAccount(tx) : findAccount(tx, path.id!, account)) },
  { method: 'POST', path: '/v1/accounts/:id', params: UPDATE_PARAMS, handle: updateAccount },
  { method: 'GET', path: '/v1/accounts', params: [...LIST_PARAMS], handle: (tx, { params }) => paginate(tx.store.all('account', null), params, '/v1/accounts', 'account') },
  {
    method: 'POST',
    path: '/v1/account_links',
    params: ['account', 'refresh_url', 'return_url', 'type', 'collect', 'collection_options'],
    handle: (tx, { params }): Stripe.AccountLink => {
      const id = params.requiredString('account');
      if (!tx.store.get('account', id)) throw referencedResourceMissing('account', id, 'account');
      params.oneOf('type', ['account_onboarding', 'account_update'] as const);
      const claims = { account: id, refreshUrl: params.requiredString('refresh_url'), returnUrl: params.requiredString('return_url'), expiresAt: tx.now() + ACCOUNT_LINK_TTL_SECONDS };
      return { object: 'account_link', created: tx.now(), expires_at: claims.expiresAt, url: accountLinkUrl(tx.settings.baseUrl, tx.store.meta.webhookSecret, claims) };
    },
  },
  {
    method: 'POST',
    path: '/v1/accounts/:id/login_links',
    params: [],
    handle: (tx, { path }): Stripe.LoginLink => {
      findAccount(tx, path.id!, null);
      return { object: 'login_link', created: tx.now(), url: `${tx.settings.baseUrl}/_emulator/express/${path.id!}` };
    },
  },
];

/** The connected account `id` as seen by `caller` (the platform, or that same account). @throws 404 otherwise. */
export function findAccount(tx: Tx, id: string, caller: string | null): Stripe.Account {
  const account = tx.store.get('account', id);
  return orMissing(account && (caller === null || caller === id) ? account : undefined, 'account', id);
}
