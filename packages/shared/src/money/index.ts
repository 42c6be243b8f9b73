/** Money: currencies and minor units, Stripe's amount limits, and the refund split. */
export * from './currency.ts';
export * from './refund-split.ts';
