/** Money: currencies and minor units, Stripe's amount limits and steps, and the refund split. */
export * from './currency.ts';
export * from './stripe-amounts.ts';
export * from './refund-split.ts';
