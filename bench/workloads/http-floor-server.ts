/**
 * The floors under Concord's HTTP figures, measured in the same run with the same load:
 * a server that answers every GET with one fixed timeline page (a real answer of
 * Concord's, read from its file) and does nothing else. `express` serves it through a
 * bare express app with `res.json`, the way Concord's routes answer (x-powered-by and
 * ETags off, as in src/http/app.ts); `node` through node:http alone. The object is
 * serialised for every request, since Concord serialises every answer too.
 *
 * Usage: tsx bench/workloads/http-floor-server.ts <express|node> <page.json>
 * Prints "listening on http://127.0.0.1:<port>" once it listens.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

const [kind, pageFile] = process.argv.slice(2);
if ((kind !== 'express' && kind !== 'node') || pageFile === undefined) {
  console.error('usage: http-floor-server.ts <express|node> <page.json>');
  process.exit(2);
}
const page: unknown = JSON.parse(readFileSync(pageFile, 'utf8'));

function nodeServer(): http.Server {
  return http.createServer((_request, response) => {
    const body = JSON.stringify(page);
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
}

function expressServer(): http.Server {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/{*path}', (_request, response) => {
    response.json(page);
  });
  return http.createServer(app);
}

const server = kind === 'express' ? expressServer() : nodeServer();
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
