/**
 * V8 flags Concord runs with: the `concord` command's shebang, `npm start`, `npm run
 * concord`, the Dockerfile's entrypoint, `npm run bench` and the benchmark's servers all
 * pass these (a test keeps them in step).
 *
 * Why a larger young generation: a catch-up allocates every event's decoded data and
 * read-model entries, most of which live for the process's life. With V8's default
 * semi-space (16 MiB on 64-bit) they are copied through the young generation in many
 * small scavenges; at 64 MiB fewer scavenges run and each one promotes in bigger runs.
 * Measured on the 1,000,000-event benchmark store, alternating builds on one machine:
 * catch-up in process 58.4 / 60.6 s (default) against 56.8 / 45.6 s (64 MiB), cold start
 * to ready 66.1 / 61.6 s against 57.8 / 39.8 s, resident memory after the catch-up
 * 1,710-1,720 MiB against 1,677-1,685 MiB; a bulk import of 100,000 developments
 * 12,607 / 13,856 / 10,160 against 15,559 / 14,363 / 11,263 events/s. 32 MiB was as fast
 * but raised the resident memory to 1,774-1,948 MiB. The cost shows on small logs: at
 * 100,000 events the resident memory is 396-412 MiB against 333-345 MiB (V8 keeps up to
 * two semi-spaces), until `serve` gives the catch-up's memory back before it listens
 * (src/runtime/release-catch-up-memory.ts), which shrinks the young generation to about
 * 1 MiB. It does not shorten the pauses of a full collection of a large heap
 * (bench/RESULTS.md). A flag of the process, not of the code: V8 sizes the young
 * generation when the isolate starts.
 *
 * Why a growth factor of 8 (V8's default is 2): giving the catch-up's memory back shrinks
 * the young generation to 1 MiB, and V8 grows it again only as objects survive, doubling
 * each time. At 1,000,000 events the first questions after that met about forty
 * scavenges of 10-70 ms each (the old generation is large) before the young generation
 * was back at 64 MiB: entity p99 4.9 and 7.5 ms over the first 5,000 questions against
 * 1.5-1.8 ms over the next. Growing by 8 gets there in three steps: 1.9 ms over the first
 * 5,000 (bench/read-path-queries.ts with `release`, 2026-11-29). Not accepted in
 * NODE_OPTIONS, so it goes on node's command line.
 */
export const CONCORD_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64', '--semi-space-growth-factor=8'];
