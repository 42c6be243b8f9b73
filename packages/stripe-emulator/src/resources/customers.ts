/** Customers: create, retrieve, update, list (by email). Events customer.created / customer.updated. */
import type Stripe from 'stripe';
import type { Tx } from '../core.ts';
import { orMissing } from '../errors.ts';
import type { ApiRequest, Route } from '../http/router.ts';
import { LIST_PARAMS, paginate } from '../lists.ts';
import { applyMetadata } from '../params.ts';

const WRITABLE = ['email', 'name', 'description', 'phone', 'metadata', 'preferred_locales'] as const;

function createCustomer(tx: Tx, { params, account }: ApiRequest): Stripe.Customer {
  const customer: Stripe.Customer = {
    id: tx.newId('cus', 14),
    object: 'customer',
    address: null,
    balance: 0,
    created: tx.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: params.string('description') ?? null,
    discount: null,
    email: params.string('email') ?? null,
    invoice_prefix: tx.newId('x', 8).slice(2).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: applyMetadata({}, params.metadata()),
    name: params.string('name') ?? null,
    next_invoice_sequence: 1,
    phone: params.string('phone') ?? null,
    preferred_locales: params.stringList('preferred_locales') ?? [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
  tx.store.insert('customer', account, customer);
  tx.emit('customer.created', customer, { account });
  return customer;
}

function updateCustomer(tx: Tx, { params, account, path }: ApiRequest): Stripe.Customer {
  const customer = orMissing(tx.store.getOwned('customer', path.id!, account), 'customer', path.id!);
  const previous: Record<string, unknown> = {};
  const change = <K extends keyof Stripe.Customer>(key: K, value: Stripe.Customer[K] | undefined) => {
    if (value === undefined || JSON.stringify(value) === JSON.stringify(customer[key])) return;
    previous[key] = customer[key];
    customer[key] = value;
  };
  change('email', params.string('email'));
  change('name', params.string('name'));
  change('description', params.string('description'));
  change('phone', params.string('phone'));
  change('preferred_locales', params.stringList('preferred_locales'));
  if (params.has('metadata')) change('metadata', applyMetadata(customer.metadata, params.metadata()));
  tx.store.save(customer);
  if (Object.keys(previous).length > 0) tx.emit('customer.updated', customer, { account, previous });
  return customer;
}

export const customerRoutes: Route[] = [
  { method: 'POST', path: '/v1/customers', params: WRITABLE, handle: createCustomer },
  { method: 'GET', path: '/v1/customers/:id', params: [], handle: (tx, { account, path }) => orMissing(tx.store.getOwned('customer', path.id!, account), 'customer', path.id!) },
  { method: 'POST', path: '/v1/customers/:id', params: WRITABLE, handle: updateCustomer },
  {
    method: 'GET',
    path: '/v1/customers',
    params: [...LIST_PARAMS, 'email'],
    handle: (tx, { account, params }) => {
      const email = params.string('email');
      const records = tx.store.all('customer', account).filter((record) => !email || record.data.email === email);
      return paginate(records, params, '/v1/customers', 'customer');
    },
  },
];
