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
 * two semi-spaces). It does not shorten the pauses of a full collection of a large heap
 * (bench/RESULTS.md). A flag of the process, not of the code: V8 sizes the young
 * generation when the isolate starts.
 */
export const CONCORD_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
