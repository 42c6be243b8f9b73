/**
 * Events: list and retrieve. A connected account's events are listed with its `Stripe-Account`
 * header; the platform's without. `data.object` is the object as it was when the event happened.
 */
import { orMissing } from '../errors.ts';
import type { Route } from '../http/router.ts';
import { LIST_PARAMS, paginate } from '../lists.ts';

export const eventRoutes: Route[] = [
  { method: 'GET', path: '/v1/events/:id', params: [], handle: (tx, { account, path }) => orMissing(tx.store.getOwned('event', path.id!, account), 'event', path.id!) },
  {
    method: 'GET',
    path: '/v1/events',
    params: [...LIST_PARAMS, 'type', 'types', 'delivery_success'],
    handle: (tx, { account, params }) => {
      const type = params.string('type');
      const types = params.stringList('types');
      const isDelivered = params.boolean('delivery_success');
      const matchesType = (eventType: string) => {
        if (types) return types.includes(eventType);
        if (!type) return true;
        // Stripe accepts one wildcard: `charge.dispute.*`.
        return type.endsWith('.*') ? eventType.startsWith(type.slice(0, -1)) : eventType === type;
      };
      const records = tx.store.all('event', account).filter((record) =>
        matchesType(record.data.type) && (isDelivered === undefined || (record.data.pending_webhooks === 0) === isDelivered));
      return paginate(records, params, '/v1/events', 'event');
    },
  },
];
