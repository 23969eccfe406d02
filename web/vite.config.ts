import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig, type ProxyOptions } from 'vite';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(webRoot, '..');
const apiTarget = process.env.MAILLAGE_API ?? 'http://127.0.0.1:3000';
const devPort = Number(process.env.VITE_PORT ?? 5173);

/**
 * The server refuses state-changing requests from origins it does not know. In development
 * the page's origin is Vite's, so requests from exactly that origin are presented as the
 * server's own; any other origin is passed through untouched and still refused.
 */
function presentDevOriginAsServer(proxy: Parameters<NonNullable<ProxyOptions['configure']>>[0]) {
  const devOrigins = new Set([`http://localhost:${devPort}`, `http://127.0.0.1:${devPort}`]);
  const rewrite = (proxyReq: { getHeader(n: string): unknown; setHeader(n: string, v: string): void }) => {
    const origin = proxyReq.getHeader('origin');
    if (typeof origin === 'string' && devOrigins.has(origin)) proxyReq.setHeader('origin', new URL(apiTarget).origin);
  };
  proxy.on('proxyReq', rewrite);
  proxy.on('proxyReqWs', rewrite);
}

export default defineConfig({
  root: webRoot,
  publicDir: path.join(webRoot, 'public'),
  build: {
    outDir: path.join(webRoot, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    host: '127.0.0.1',
    port: devPort,
    strictPort: true,
    // The web app imports the contracts in shared/, outside web/.
    fs: { allow: [projectRoot] },
    proxy: {
      '/api': { target: apiTarget, configure: presentDevOriginAsServer },
      '/socket.io': { target: apiTarget, ws: true, configure: presentDevOriginAsServer },
    },
  },
  preview: { host: '127.0.0.1' },
});
