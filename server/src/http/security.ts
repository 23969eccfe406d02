import helmet from 'helmet';
import type { Config } from '../config.ts';

/** LiveKit's signalling URL and the https origin of its API, both as the browser reaches them. */
function livekitSources(config: Config): string[] {
  if (!config.livekit) return [];
  const ws = new URL(config.livekit.url);
  const http = new URL(config.livekit.url);
  http.protocol = ws.protocol === 'wss:' ? 'https:' : 'http:';
  return [ws.origin, http.origin];
}

/** Security headers; the CSP allows self and the configured LiveKit server only. */
export function securityHeaders(config: Config) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...(config.tileUrl ? [new URL(config.tileUrl.replace(/[{}]/g, '')).origin] : [])],
        mediaSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", ...livekitSources(config)],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: config.secureCookies,
    crossOriginEmbedderPolicy: false,
  });
}
