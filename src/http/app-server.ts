import http from 'node:http';
import type { Express } from 'express';

/**
 * An HTTP server for an express app whose requests and responses are created with the
 * app's own prototypes (`app.request`, `app.response`) instead of node's.
 *
 * Why: express hands every request and response its prototypes with
 * `Object.setPrototypeOf`, and in V8 an object whose prototype was changed outlives the
 * young generation: under load, bare express kept 12-24 MB alive through each scavenge
 * into the old generation where node:http alone kept 10 KB. In Concord's server that was
 * about a fifth of what requests left in the old generation, which holds the read models
 * (1.2 GB at a million events) and, once full, is marked for seconds on the event loop
 * (bench/HISTORY.md, 2026-11-29). Created with the right prototypes, express's
 * `setPrototypeOf` finds them in place and changes nothing.
 *
 * `Reflect.construct` builds each object with node's own constructor, whether node
 * declares it as a function or a class, and with the app's prototype.
 */
export function createAppServer(app: Express): http.Server {
  const requestPrototype = app.request as object;
  const responsePrototype = app.response as object;
  function AppRequest(this: unknown, ...args: unknown[]): object {
    return Reflect.construct(http.IncomingMessage, args, AppRequest);
  }
  AppRequest.prototype = requestPrototype;
  function AppResponse(this: unknown, ...args: unknown[]): object {
    return Reflect.construct(http.ServerResponse, args, AppResponse);
  }
  AppResponse.prototype = responsePrototype;
  return http.createServer(
    {
      IncomingMessage: AppRequest as unknown as typeof http.IncomingMessage,
      ServerResponse: AppResponse as unknown as typeof http.ServerResponse,
    },
    app,
  );
}
