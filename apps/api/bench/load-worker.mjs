// Runs autocannon in a child process, off the server's event loop (in a worker thread autocannon
// returns raw histograms). Receives { url, method, bodies?: string[], connections, duration, amount? } over
// IPC (amount: exactly that many requests instead of a duration) and answers { rps, total, p50, p99, non2xx, errors, timeouts } (latencies in ms).
import autocannon from 'autocannon';

process.once('message', async ({ url, method, bodies, connections, duration, amount }) => {
  let next = 0;
  const options = { url, method, connections, duration, headers: { 'content-type': 'application/json' } };
  if (amount) options.amount = amount;
  if (bodies) options.requests = [{ setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }) }];
  const result = await autocannon(options);
  process.send({ rps: result.requests.average, total: result.requests.total, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts }, () => process.exit(0));
});
