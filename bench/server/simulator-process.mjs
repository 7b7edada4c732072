/**
 * The provider simulator in its own process (as a real provider is elsewhere), for the end-to-end
 * checkout row. argv[2]: how long a magic number's prompt takes to settle (the customer's "PIN").
 */
import { startSimulator } from '@lipwa/simulator';

const simulator = await startSimulator({ autoResolveDelayMs: Number(process.argv[2] ?? 0) });
process.send({ url: simulator.url });
process.on('message', (question) => {
  if (question === 'deliveries') {
    const failed = simulator.control.callbacks().filter((d) => d.error || (d.status ?? 0) >= 300);
    const reasons = {};
    for (const d of failed) {
      const why = d.error ?? `HTTP ${d.status}`;
      reasons[why] = (reasons[why] ?? 0) + 1;
    }
    process.send({ total: simulator.control.callbacks().length, failed: failed.length, reasons });
  }
});
process.on('disconnect', async () => {
  await simulator.close();
  process.exit(0);
});
