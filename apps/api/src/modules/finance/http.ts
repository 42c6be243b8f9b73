/**
 * `GET /exports/transactions.csv?from&to&currency`: the ledger's transactions of a period as CSV,
 * streamed (finance.read, session cookie). Errors go to platform/http/errors.ts.
 */
import { ZExportTransactionsQuery } from '@marketdesk/shared';
import { parseRequest } from '../../platform/http/errors.ts';
import type { RegisterRoutes } from '../../platform/http/routes.ts';
import { requireSessionPermission, SESSION_COOKIE } from '../../platform/sessions.ts';
import { streamTransactionsCsv } from './export-transactions.ts';

/** Registers the CSV export route. */
export const registerFinanceRoutes: RegisterRoutes = async (server, deps) => {
  server.get('/exports/transactions.csv', async (req, reply) => {
    await requireSessionPermission(deps, req.cookies[SESSION_COOKIE] ?? null, 'finance.read', 'Only finance can export transactions');
    const { from, to, currency } = parseRequest(ZExportTransactionsQuery, req.query, 'query');
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="transactions-${currency ?? 'all'}-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}.csv"`);
    return reply.send(streamTransactionsCsv(deps, { from, to, currency }));
  });
};
