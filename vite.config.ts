import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The Content-Security-Policy of the production build. Scripts and styles come only from our
 * own origin; React Flow positions nodes through the CSSOM (element.style), which CSP allows,
 * so no 'unsafe-inline' is needed for scripts. Styles keep 'unsafe-inline' because React
 * Flow writes style attributes for its viewport transform.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/** Adds the CSP meta tag to the built index.html only: Vite's dev server injects inline scripts. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'stackscope-csp',
    apply: 'build',
    transformIndexHtml(html) {
      const directives = CONTENT_SECURITY_POLICY.split('; ')
        .filter((directive) => !directive.startsWith('frame-ancestors'))
        .join('; ');
      return html.replace(
        '<head>',
        `<head>\n    <meta http-equiv="Content-Security-Policy" content="${directives}" />`,
      );
    },
  };
}

/** Every file under a folder, as paths relative to it with forward slashes. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path).map((file) => `${name}/${file}`) : [name];
  });
}

/**
 * Writes precache.json beside the build: every file the app may need offline (the hashed
 * bundles, index.html, the example topologies), so the service worker caches them all when
 * it installs, on the first visit, rather than only what a later visit happens to load.
 */
function precacheManifest(): Plugin {
  let publicDir = '';
  return {
    name: 'stackscope-precache',
    apply: 'build',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle(_options, bundle) {
      const publicFiles = publicDir ? filesUnder(publicDir).filter((file) => file !== 'sw.js') : [];
      const files = [...Object.keys(bundle).filter((file) => !file.endsWith('.map')), ...publicFiles].map((file) => relative('.', file).replace(/\\/g, '/')).sort();
      this.emitFile({ type: 'asset', fileName: 'precache.json', source: `${JSON.stringify({ files }, null, 1)}\n` });
    },
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), precacheManifest()],
  preview: {
    port: 4173,
    strictPort: true,
    headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
  },
  build: {
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than our code: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'react-flow', test: /node_modules[\\/](@xyflow|d3-[a-z]+|classcat)[\\/]/ },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
          ],
        },
      },
    },
  },
});
