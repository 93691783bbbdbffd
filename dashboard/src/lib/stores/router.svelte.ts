/** The current hash route, reactive. Views navigate with plain links or `navigate()`. */
import { hrefFor, parseRoute, type Route } from '../utilities/route.js';

export const router = $state<{ route: Route }>({ route: parseRoute(window.location.hash) });

window.addEventListener('hashchange', () => {
  router.route = parseRoute(window.location.hash);
});

export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const href = hrefFor(route);
  if (options.replace) {
    history.replaceState(null, '', href);
    router.route = parseRoute(href);
  } else {
    window.location.hash = href;
  }
}
