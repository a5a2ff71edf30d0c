import * as grpc from '@grpc/grpc-js';
import { MemoryLog } from './memory-log.js';
import { featuresGrpc, featuresPb, streamsGrpc } from './protocol.js';
import { handleRead } from './read-service.js';
import { handleAppend, handleBatchAppend, handleDelete, handleTombstone, type WriteFaults } from './write-service.js';

export interface EsdbTestServerOptions {
  /**
   * Which append path the real client takes: `batch` advertises `Streams.BatchAppend` in
   * `ServerFeatures.GetSupportedMethods`; `append` answers that call UNIMPLEMENTED, as an
   * old server does, so the client falls back to `Streams.Append`.
   */
  readonly appendPath?: 'batch' | 'append';
  /** PEM key and certificate chain of the node: serve TLS instead of plain text. */
  readonly tls?: { readonly key: Buffer; readonly cert: Buffer };
  readonly port?: number;
}

/**
 * An in-process gRPC server speaking enough of EventStoreDB's v1 protocol for the real
 * `@eventstore/db-client`. `stop()` drops every connection (clients see UNAVAILABLE) and
 * `start()` serves the same data on the same port again, to test outages.
 */
export class EsdbTestServer {
  readonly log = new MemoryLog();
  /** Calls received per method, e.g. `calls.batchAppend`, to check which path a client took. */
  readonly calls: Record<string, number> = {};
  private readonly faults: WriteFaults = { lostAnswers: 0 };
  private server: grpc.Server | undefined;
  private boundPort: number;

  private constructor(private readonly options: EsdbTestServerOptions) {
    this.boundPort = options.port ?? 0;
  }

  static async start(options: EsdbTestServerOptions = {}): Promise<EsdbTestServer> {
    const server = new EsdbTestServer(options);
    await server.start();
    return server;
  }

  get port(): number {
    return this.boundPort;
  }

  /** A connection string for this node; `extra` adds settings (e.g. `defaultDeadline=500`). */
  connectionString(extra = ''): string {
    const tls = this.options.tls ? 'tls=true' : 'tls=false';
    return `esdb://127.0.0.1:${this.boundPort}?${tls}${extra ? `&${extra}` : ''}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = new grpc.Server();
    const log = this.log;
    const counted =
      <Args extends unknown[]>(method: string, handler: (...args: Args) => void) =>
      (...args: Args) => {
        this.calls[method] = (this.calls[method] ?? 0) + 1;
        handler(...args);
      };
    server.addService(streamsGrpc.StreamsService, {
      read: counted('read', (call: Parameters<typeof handleRead>[1]) => handleRead(log, call)),
      append: counted('append', (call: Parameters<typeof handleAppend>[1], callback: Parameters<typeof handleAppend>[2]) => handleAppend(log, call, callback, this.faults)),
      batchAppend: counted('batchAppend', (call: Parameters<typeof handleBatchAppend>[1]) => handleBatchAppend(log, call, this.faults)),
      delete: counted('delete', (call: Parameters<typeof handleDelete>[1], callback: Parameters<typeof handleDelete>[2]) => handleDelete(log, call, callback)),
      tombstone: counted('tombstone', (call: Parameters<typeof handleTombstone>[1], callback: Parameters<typeof handleTombstone>[2]) => handleTombstone(log, call, callback)),
    });
    server.addService(featuresGrpc.ServerFeaturesService, {
      getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
        if (this.options.appendPath === 'append') {
          return callback({ code: grpc.status.UNIMPLEMENTED, details: 'GetSupportedMethods is not implemented', metadata: new grpc.Metadata() } as grpc.ServiceError);
        }
        const methods = ['read', 'append', 'batchappend', 'delete', 'tombstone'].map((name) =>
          new featuresPb.SupportedMethod().setServiceName('event_store.client.streams.streams').setMethodName(name),
        );
        callback(null, new featuresPb.SupportedMethods().setEventStoreServerVersion('24.10.0-concord-test-double').setMethodsList(methods));
      },
    });
    const credentials = this.options.tls
      ? grpc.ServerCredentials.createSsl(null, [{ private_key: this.options.tls.key, cert_chain: this.options.tls.cert }], false)
      : grpc.ServerCredentials.createInsecure();
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${this.boundPort}`, credentials, (error, port) => (error ? reject(error) : resolve(port))),
    );
    this.server = server;
  }

  /**
   * The next `count` appends are stored but answered UNAVAILABLE, as when a node commits
   * a write and the connection drops before the answer reaches the client.
   */
  loseNextAppendAnswers(count = 1): void {
    this.faults.lostAnswers += count;
  }

  /** Drops every open call and connection at once, like a crashed node. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.forceShutdown();
  }
}
