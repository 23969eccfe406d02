/**
 * Client-side navigation from code. The router listens to `popstate`, so announcing one
 * after changing the history entry renders the new page, like a click on a link does.
 */
export function navigate(url: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState({}, '', url);
  else history.pushState({}, '', url);
  window.dispatchEvent(new PopStateEvent('popstate', { state: {} }));
}

/** A `?next=` return path, kept only when it stays on this site (never `//elsewhere`). */
export function safeNext(value: string | null | undefined): string | undefined {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  return value;
}

/** The `next` parameter of the current address, if it is safe to follow. */
export function currentNext(): string | undefined {
  return safeNext(new URLSearchParams(location.search).get('next'));
}

/** `path` with `?next=` carried over when there is one. */
export function withNext(path: string, next: string | undefined): string {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}

/** Sets the tab's title for the page being shown. */
export function setPageTitle(title: string): void {
  document.title = title === 'Maillage' ? title : `${title} · Maillage`;
}
