// Sends signed webhook deliveries from a child process, off the API's and the bench's event loops.
// Receives { urls, deliveries: { body, signature }[], inFlight } over IPC (each delivery to the next
// of `urls` in turn); answers { startedAt, finishedAt (epoch ms), failures, cpuMs (this process's CPU
// time while sending, user + system) } once every delivery was answered.
// node:http over `inFlight` kept-alive sockets: the sender stands for Stripe's, which runs on Stripe's
// machines, so it should take as little of this machine's cores as it can (measured here: about
// 0.25 ms of CPU per POST, against about 1 ms through fetch).
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true });

/** POSTs `body` to `url` with the Stripe-Signature header; resolves to the answer's status. */
function post(url, body, signature) {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'stripe-signature': signature };
    const request = http.request(url, { method: 'POST', agent, headers }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode));
      response.once('error', reject);
    });
    request.once('error', reject);
    request.end(body);
  });
}

process.once('message', async ({ urls, deliveries, inFlight }) => {
  let next = 0;
  const failures = [];
  const cpuBefore = process.cpuUsage();
  const startedAt = Date.now();
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < deliveries.length) {
      const index = next++;
      const { body, signature } = deliveries[index];
      const status = await post(urls[index % urls.length], body, signature);
      if (status !== 200) failures.push(status);
    }
  }));
  const finishedAt = Date.now();
  const { user, system } = process.cpuUsage(cpuBefore);
  agent.destroy();
  process.send({ startedAt, finishedAt, failures, cpuMs: (user + system) / 1000 }, () => process.exit(0));
});
