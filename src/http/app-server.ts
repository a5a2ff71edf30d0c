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
 * How: a subclass of node's request and of its response, each of whose prototype is made
 * to stand for the app's (same own properties, same methods behind), and which the app
 * then uses as its own. Not `Reflect.construct` with a plain function as `new.target`,
 * which this did before: V8 made a new hidden class for every object built that way, 24
 * µs per request and 36 µs per response on this machine (0.3-0.6 µs as subclasses), and
 * every object of its own shape left the code that reads them megamorphic.
 */
export function createAppServer(app: Express): http.Server {
  class AppRequest extends http.IncomingMessage {}
  class AppResponse extends http.ServerResponse {}
  app.request = standingFor(AppRequest.prototype, app.request) as Express['request'];
  app.response = standingFor(AppResponse.prototype, app.response) as Express['response'];
  return http.createServer({ IncomingMessage: AppRequest, ServerResponse: AppResponse }, app);
}

/** `prototype` given `appPrototype`'s prototype and own properties (express's `app`), its own `constructor` kept. */
function standingFor(prototype: object, appPrototype: object): object {
  Object.setPrototypeOf(prototype, Object.getPrototypeOf(appPrototype));
  const { constructor: _theAppsOwn, ...own } = Object.getOwnPropertyDescriptors(appPrototype);
  Object.defineProperties(prototype, own);
  return prototype;
}
