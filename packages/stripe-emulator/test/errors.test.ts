/**
 * Stripe's error format for bad input: `{ error: { type, code, message, param } }` with the right
 * HTTP status, seen both through the SDK's error classes and on the raw wire.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCreatorAccount, startHarness, type EmulatorHarness } from '../src/testing.ts';

describe('error format', () => {
  let harness: EmulatorHarness;
  let creator: Stripe.Account;

  beforeAll(async () => {
    harness = await startHarness();
    creator = await createCreatorAccount(harness.stripe);
  });
  afterAll(() => harness.close());

  const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected the request to fail'); }, (error: unknown) => error as Stripe.errors.StripeError);

  it('refuses a fractional amount with parameter_invalid_integer naming the param', async () => {
    const error = await failure(harness.stripe.paymentIntents.create({ amount: 12.5, currency: 'usd' }));
    expect(error).toMatchObject({ type: 'StripeInvalidRequestError', rawType: 'invalid_request_error', statusCode: 400, code: 'parameter_invalid_integer', param: 'amount', message: 'Invalid integer: 12.5' });
  });

  it('refuses a fractional nested amount naming the nested param', async () => {
    const error = await failure(harness.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', transfer_data: { destination: creator.id, amount: 99.9 } }));
    expect(error).toMatchObject({ statusCode: 400, code: 'parameter_invalid_integer', param: 'transfer_data[amount]' });
  });

  it('refuses a missing currency with parameter_missing', async () => {
    const error = await failure(harness.stripe.paymentIntents.create({ amount: 1000 } as Stripe.PaymentIntentCreateParams));
    expect(error).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'currency', message: 'Missing required param: currency.' });
  });

  it('answers an unknown id with resource_missing 404', async () => {
    const error = await failure(harness.stripe.charges.retrieve('ch_doesnotexist'));
    expect(error).toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'id', message: "No such charge: 'ch_doesnotexist'" });
    const refundError = await failure(harness.stripe.refunds.retrieve('re_nope'));
    expect(refundError).toMatchObject({ statusCode: 404, code: 'resource_missing', message: "No such refund: 're_nope'" });
  });

  it('answers an unknown referenced id with resource_missing 400 naming the param', async () => {
    const error = await failure(harness.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: 'cus_missing' }));
    expect(error).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'customer', message: "No such customer: 'cus_missing'" });
    const destination = await failure(harness.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', transfer_data: { destination: 'acct_missing' } }));
    expect(destination).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'transfer_data[destination]' });
  });

  it('refuses unknown parameters, amounts below the minimum, and fees above the amount', async () => {
    const unknown = await failure(harness.stripe.customers.create({ emali: 'typo@example.com' } as Stripe.CustomerCreateParams));
    expect(unknown).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'emali', message: 'Received unknown parameter: emali' });
    const small = await failure(harness.stripe.paymentIntents.create({ amount: 49, currency: 'usd' }));
    expect(small).toMatchObject({ statusCode: 400, code: 'amount_too_small', param: 'amount', message: 'Amount must be at least $0.50 usd' });
    const fee = await failure(harness.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', application_fee_amount: 1001, transfer_data: { destination: creator.id } }));
    expect(fee).toMatchObject({ statusCode: 400, param: 'application_fee_amount' });
  });

  it('answers a bad key with 401 and an unknown Stripe-Account with 403', async () => {
    const response = await fetch(`${harness.emulator.url}/v1/customers`, { headers: { authorization: 'Bearer sk_live_123456789' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { type: 'invalid_request_error', code: 'api_key_invalid', message: 'Invalid API Key provided: sk_live_****6789', doc_url: 'https://stripe.com/docs/error-codes/api-key-invalid' } });
    const error = await failure(harness.stripe.customers.list({}, { stripeAccount: 'acct_unknown' }));
    expect(error).toMatchObject({ type: 'StripePermissionError', statusCode: 403, code: 'account_invalid' });
  });

  it('puts exactly Stripe\'s fields on the wire', async () => {
    const response = await fetch(`${harness.emulator.url}/v1/payment_intents`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_wire', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'amount=12.5&currency=usd',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expect(await response.json()).toEqual({
      error: { type: 'invalid_request_error', code: 'parameter_invalid_integer', param: 'amount', message: 'Invalid integer: 12.5', doc_url: 'https://stripe.com/docs/error-codes/parameter-invalid-integer' },
    });
    const unknownPath = await fetch(`${harness.emulator.url}/v1/nothing_here`, { headers: { authorization: 'Bearer sk_test_wire' } });
    expect(unknownPath.status).toBe(404);
    expect(((await unknownPath.json()) as { error: { message: string } }).error.message).toMatch(/^Unrecognized request URL \(GET: \/v1\/nothing_here\)/);
  });

  it('parses curl-style bodies: expand[] and nested metadata keys', async () => {
    const response = await fetch(`${harness.emulator.url}/v1/customers`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_wire', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=curl%40example.com&metadata[plugin id]=a%26b&metadata[0]=zero',
    });
    const customer = (await response.json()) as Stripe.Customer;
    expect(customer.metadata).toEqual({ 'plugin id': 'a&b', 0: 'zero' });
    const listed = await fetch(`${harness.emulator.url}/v1/customers?email=curl%40example.com&expand[]=data.default_source&limit=1`, { headers: { authorization: 'Bearer sk_test_wire' } });
    expect(((await listed.json()) as Stripe.ApiList<Stripe.Customer>).data[0]!.id).toBe(customer.id);
  });
});
