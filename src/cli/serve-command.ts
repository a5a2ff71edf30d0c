import { startServer } from '../server.js';
import { configOrExit } from './cli-context.js';

export async function serveCommand(options: { port?: number; host?: string }): Promise<number> {
  const config = configOrExit();
  if (!config) return 2;
  const server = await startServer({ config, host: options.host ?? config.CONCORD_HOST, ...(options.port !== undefined ? { port: options.port } : {}) });
  const status = server.projections.status();
  console.error(
    `concord: store ${config.CONCORD_STORE === 'sqlite' ? config.CONCORD_SQLITE_PATH : config.CONCORD_ESDB_URL}, read models at position ${status.position ?? 'none'}`,
  );
  console.log(`concord: listening on ${server.url}`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      console.error(`concord: ${signal}, shutting down`);
      server.close().then(resolve, resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
