import { createMiddleware } from 'hono/factory';
import { AppError } from './errors';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses cross-site writes made with the session cookie (CSRF, login CSRF): a POST/PUT/PATCH/DELETE without an API
 * key must carry an Origin of this server (its Host, PIPEWISE_PUBLIC_URL or PIPEWISE_ALLOWED_ORIGINS), or, without
 * Origin, `Sec-Fetch-Site: same-origin`. Browsers send one of the two on every such request, the web app's included;
 * a request with neither is not from a browser page, and scripts use an API key instead.
 */
export function originCheck(opts: { publicUrl?: string; allowedOrigins: string[] }) {
  const allowed = new Set(
    [opts.publicUrl, ...opts.allowedOrigins].filter((o): o is string => !!o).map((o) => new URL(o).origin),
  );
  return createMiddleware(async (c, next) => {
    if (safeMethods.has(c.req.method) || c.req.header('authorization')?.startsWith('Bearer ')) return next();
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      const host = c.req.header('host') ?? new URL(c.req.url).host;
      if (sameHost(origin, host) || allowed.has(origin)) return next();
      throw new AppError(
        'forbidden',
        `Cross-site request refused: Origin ${origin} is not this server (${host}). ` +
          'If Pipewise is served under another address, set PIPEWISE_PUBLIC_URL or PIPEWISE_ALLOWED_ORIGINS; scripts send an API key.',
        { header: 'origin' },
      );
    }
    if (c.req.header('sec-fetch-site') === 'same-origin') return next();
    throw new AppError(
      'forbidden',
      'Request refused: a signed-in write must come from the Pipewise web app (it sends an Origin header); ' +
        'scripts send an API key (Authorization: Bearer pw_...)',
      { header: 'origin' },
    );
  });
}

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false; // "null" (sandboxed frames, file://) or garbage
  }
}
