import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ProjectionStatus } from '../../projections/engine.js';
import type { RenderedCacheStats } from '../../projections/rendered-text-cache.js';
import type { SnapshotRefreshStatus } from '../runtime/snapshot-refresher.js';

/**
 * Prometheus metrics of one server. A registry per server (not prom-client's global one)
 * so several servers in one process, as in tests, do not share counters.
 */
export class ConcordMetrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'concord_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly appendDuration = new Histogram({
    name: 'concord_append_duration_seconds',
    help: 'Time to decide and durably append one development',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly eventsApplied = new Counter({ name: 'concord_events_applied_total', help: 'Events applied to the read models since start', registers: [this.registry] });

  /**
   * Exposes a rendered-text cache (the timeline's items, see RenderedTextCache): its size,
   * and hits and misses as counters, so an operator can tell whether its budget suits the
   * pages clients ask for.
   */
  watchRenderedCache(name: string, what: string, stats: () => RenderedCacheStats): void {
    const registers = [this.registry];
    const What = what.charAt(0).toUpperCase() + what.slice(1);
    new Gauge({ name: `concord_${name}_cache_entries`, help: `${What} kept`, registers, collect() { this.set(stats().entries); } });
    new Gauge({ name: `concord_${name}_cache_characters`, help: `Characters of ${what} kept`, registers, collect() { this.set(stats().chars); } });
    for (const outcome of ['hits', 'misses'] as const) {
      let reported = 0;
      new Counter({
        name: `concord_${name}_cache_${outcome}_total`,
        help: `${What}: answers ${outcome === 'hits' ? 'served from the cache' : 'rendered afresh'}`,
        registers,
        collect() {
          const now = stats()[outcome];
          if (now > reported) this.inc(now - reported);
          reported = now;
        },
      });
    }
  }

  /**
   * Exposes how the read-model snapshot is kept current while serving (see
   * SnapshotRefresher): runs by outcome, whether one is running, and the events folded
   * toward the next, so a refresher that keeps failing is seen before a restart is slow.
   */
  watchSnapshotRefresh(stats: () => SnapshotRefreshStatus): void {
    const registers = [this.registry];
    const reported = { succeeded: 0, failed: 0 };
    new Counter({
      name: 'concord_snapshot_refreshes_total',
      help: 'Runs of `concord snapshot` the server started to keep its read-model snapshot current, by outcome',
      labelNames: ['outcome'] as const,
      registers,
      collect() {
        const now = stats();
        for (const outcome of ['succeeded', 'failed'] as const) {
          this.inc({ outcome }, now[outcome] - reported[outcome]);
          reported[outcome] = now[outcome];
        }
      },
    });
    new Gauge({ name: 'concord_snapshot_refresh_running', help: '1 while a run of `concord snapshot` is refreshing the read-model snapshot', registers, collect() { this.set(stats().running ? 1 : 0); } });
    new Gauge({ name: 'concord_snapshot_refresh_events_folded', help: 'Events folded toward the next refresh of the read-model snapshot', registers, collect() { this.set(stats().foldedSince); } });
  }

  constructor(status: () => ProjectionStatus, now: () => number = Date.now) {
    collectDefaultMetrics({ register: this.registry, prefix: 'concord_' });
    new Gauge({
      name: 'concord_seconds_since_last_event_applied',
      help: 'Seconds since the read models last applied an event (-1 before the first)',
      registers: [this.registry],
      collect() {
        const last = status().lastAppliedAt;
        this.set(last ? (now() - last.getTime()) / 1000 : -1);
      },
    });
    new Gauge({
      name: 'concord_read_models_caught_up',
      help: '1 when the read models have caught up with the store and are live',
      registers: [this.registry],
      collect() {
        this.set(status().caughtUp ? 1 : 0);
      },
    });
    new Gauge({
      name: 'concord_read_models_position',
      help: 'The log position the read models reflect',
      registers: [this.registry],
      collect() {
        this.set(Number(status().position ?? -1n));
      },
    });
  }
}
