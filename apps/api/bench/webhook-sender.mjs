// Sends signed webhook deliveries from a child process, off the API's and the bench's event loops.
// Receives { url, deliveries: { body, signature }[], inFlight } over IPC; answers { startedAt, finishedAt
// (epoch ms), failures, cpuMs (this process's CPU time, user + system) } once every delivery was answered.
process.once('message', async ({ url, deliveries, inFlight }) => {
  let next = 0;
  const failures = [];
  const startedAt = Date.now();
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < deliveries.length) {
      const { body, signature } = deliveries[next++];
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body });
      await response.arrayBuffer();
      if (response.status !== 200) failures.push(response.status);
    }
  }));
  const { user, system } = process.cpuUsage();
  process.send({ startedAt, finishedAt: Date.now(), failures, cpuMs: (user + system) / 1000 }, () => process.exit(0));
});
