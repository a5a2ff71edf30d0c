import { createRequire } from 'node:module';
import path from 'node:path';
import express, { Router } from 'express';

/** The files of swagger-ui-dist the page needs; nothing else of the package is served (its sample page points at the internet). */
const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png']);

const swaggerUiDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Concord API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" sizes="32x32">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

// A file, not an inline script, so the page runs under a policy without 'unsafe-inline' scripts.
// validatorUrl null: Swagger UI would otherwise send the document to an online validator.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

/**
 * The page's own policy, replacing helmet's default on /docs only: everything from this
 * origin and nothing else (no https: styles or fonts), inline styles for Swagger UI, and
 * no upgrade-insecure-requests, which would send a page reached over plain HTTP (a local
 * server) to fetch its assets over HTTPS and fail.
 */
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * `GET /openapi.json` and `GET /docs`: the contract and a page to read it, served from
 * this server only (Swagger UI from node_modules, no CDN), so they work offline. Both are
 * open to anonymous callers even where reads need a key: they describe the API, not its data.
 */
export function docsRoutes(): Router {
  const router = Router();
  router.get('/openapi.json', async (_req, res) => {
    // Loaded on first use: the CLI and the server's start do not pay for the generator.
    const { openApiDocument } = await import('./openapi/document.js');
    res.json(openApiDocument());
  });
  router.get('/docs', (_req, res) => {
    res.set('Content-Security-Policy', DOCS_CSP).type('html').send(PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  const assets = express.static(swaggerUiDir, { index: false, fallthrough: false, maxAge: '1d' });
  router.use('/docs/assets', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (!ASSETS.has(req.path.slice(1))) return next();
    assets(req, res, next);
  });
  return router;
}
