/**
 * Registers the service worker (public/sw.js) in the production build, so the app opens
 * offline once visited. The dev server skips it: a cached bundle would hide code changes.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch((error: unknown) => {
      // Offline support is a bonus: the app works without it, so a failure is only logged.
      console.warn('Stackscope works, but offline use is unavailable:', error);
    });
  });
}
