/**
 * Markdown tables of the server rows, each figure beside its same-run baseline with the ratio and
 * whether the issue's goal is met. A sample with non-2xx answers or errors is flagged in its row.
 */
import { median, ms, ratio } from './stats.mjs';

const GOALS = {
  status: { min: 0.7, p99: 2 },
  session: { min: 0.7 },
  initiate: { min: 0.4 },
  'callback|memory': { min: 0.5 },
  'callback|file': { min: 0.25 },
  'callback|postgres': { min: 0.25 },
};

const pick = (samples, field) => median(samples.map((s) => s[field]));
const sum = (samples, field) => samples.reduce((n, s) => n + s[field], 0);
const met = (ok) => (ok ? 'met' : '**not met**');

/** rows: Map of `${scenario}|${store}|${seed}` -> array of per-round { express, <kit>... } */
export function throughputTable(rows, kitLabels) {
  const lines = [
    '| scenario | store | stored | server | req/s | ratio | p50 ms | p99 ms | p99 ratio | non-2xx | errors | goal |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [key, rounds] of rows) {
    const [scenario, store, seed] = key.split('|');
    for (const server of ['express', ...kitLabels]) {
      const samples = rounds.map((r) => r[server]);
      const base = rounds.map((r) => r.express);
      const ratios = samples.map((s, i) => s.rps / base[i].rps);
      const r = median(ratios);
      const p99r = pick(samples, 'p99') / pick(base, 'p99');
      const bad = sum(samples, 'non2xx') + sum(samples, 'errors') > 0;
      const goal = GOALS[scenario] ?? GOALS[`${scenario}|${store}`];
      const verdict =
        server === 'express' || !goal
          ? ''
          : met(!bad && r >= goal.min && (!goal.p99 || p99r <= goal.p99));
      const flag = bad ? ' ⚠ non-2xx/errors: not a throughput figure' : '';
      lines.push(
        `| ${scenario} | ${store} | ${seed} | ${server} | ${Math.round(pick(samples, 'rps'))}${flag} | ${r.toFixed(2)}x | ${pick(samples, 'p50')} | ${pick(samples, 'p99')} | ${p99r.toFixed(1)}x | ${sum(samples, 'non2xx')} | ${sum(samples, 'errors')} | ${verdict} |`,
      );
    }
  }
  return lines.join('\n');
}

/** Duplicate callbacks on one payment vs the same count over distinct payments (goal: within 2x). */
export function duplicateTable(rows, kitLabels) {
  const lines = [
    '| store | server | distinct req/s | one payment req/s | distinct / one | goal (<= 2x) |',
    '|---|---|---|---|---|---|',
  ];
  for (const [key, rounds] of rows) {
    const [scenario, store, seed] = key.split('|');
    const duplicates = rows.get(`duplicate|${store}|${seed}`);
    if (scenario !== 'callback' || !duplicates) continue;
    for (const server of ['express', ...kitLabels]) {
      const distinct = pick(
        rounds.map((r) => r[server]),
        'rps',
      );
      const one = pick(
        duplicates.map((r) => r[server]),
        'rps',
      );
      lines.push(
        `| ${store} | ${server} | ${Math.round(distinct)} | ${Math.round(one)} | ${ratio(distinct, one)} | ${server === 'express' ? '' : met(distinct / one <= 2)} |`,
      );
    }
  }
  return lines.join('\n');
}

export function streamTable(points) {
  const kb = (bytes) => (bytes / 1024).toFixed(1);
  const lines = [
    '| streams | RSS KB/stream raw / Express / kit | kit RSS vs raw | heap KB/stream raw / Express / kit | kit heap vs raw | opens/s raw / Express / kit | failed raw / Express / kit | goal (<= 1.2x raw, 0 failed) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const { level, raw, express, kit } of points) {
    const all = [raw, express, kit];
    const rss = kit.rssPerStream / raw.rssPerStream;
    const heap = kit.heapPerStream / raw.heapPerStream;
    const firstError = all.find((p) => p.firstError)?.firstError;
    lines.push(
      `| ${level} | ${all.map((p) => kb(p.rssPerStream)).join(' / ')} | ${rss.toFixed(2)}x | ${all.map((p) => kb(p.heapPerStream)).join(' / ')} | ${heap.toFixed(2)}x | ${all.map((p) => Math.round(p.opensPerSecond)).join(' / ')} | ${all.map((p) => p.failed).join(' / ')}${firstError ? ` (${firstError})` : ''} | ${met(rss <= 1.2 && heap <= 1.2 && kit.failed === 0)} |`,
    );
  }
  return lines.join('\n');
}

/** results: [{ mode, concurrency, store, server, p50, p99, count, non2xx, missed, errors }] */
export function latencyTable(results) {
  const lines = [
    '| follow by | at once | store | server | p50 ms | p99 ms | p99 ratio | seen / sent | non-2xx | missed | errors | goal |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of results) {
    const base = results.find(
      (r) => r.mode === row.mode && r.concurrency === row.concurrency && r.server === 'express',
    );
    const bad = row.non2xx + row.missed + row.errors > 0;
    let goal = '';
    if (row.mode === 'stream' && row.server !== 'express')
      goal = met(!bad && (row.concurrency === 1 ? row.p99 <= 50 : row.p99 / base.p99 <= 1.2));
    lines.push(
      `| ${row.mode} | ${row.concurrency} | ${row.store} | ${row.server} | ${ms(row.p50)} | ${ms(row.p99)} | ${ratio(row.p99, base.p99)} | ${row.count} / ${row.sent} | ${row.non2xx} | ${row.missed} | ${row.errors} | ${goal} |`,
    );
  }
  return lines.join('\n');
}

export function checkoutTable(results) {
  const lines = [
    '| store | checkouts | completed | errors | wall s | end-to-end p50 ms | p99 ms | callbacks sent (failed) | callback acks (non-2xx) | ack p50 ms | ack p99 ms | goal (0 errors, ack p99 <= 50 ms) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const errors = r.errors.length ? r.errors.join('; ') : '0';
    lines.push(
      `| ${r.store} | ${r.count} | ${r.completed} | ${errors} | ${(r.elapsedMs / 1000).toFixed(1)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.deliveries} (${r.deliveriesFailed}${r.deliveryFailures.length ? `: ${r.deliveryFailures.join('; ')}` : ''}) | ${r.acks} (${r.ackNon2xx}) | ${ms(r.ackP50)} | ${ms(r.ackP99)} | ${met(r.errors.length === 0 && r.ackNon2xx === 0 && r.deliveriesFailed === 0 && r.ackP99 <= 50)} |`,
    );
  }
  return lines.join('\n');
}
