/**
 * Hash routes of the dashboard: #/machines, #/machines/:id?version=, #/instances?<filters>,
 * #/instances/:id. Hash routing keeps the API's static serving trivial and every view linkable.
 */
export type Route =
  | { name: 'machines' }
  | { name: 'machine'; id: string; version: number | null }
  | { name: 'instances'; search: string }
  | { name: 'instance'; id: string }
  | { name: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const [rawPath = '', search = ''] = text.split('?', 2);
  const parts = rawPath.split('/').filter(Boolean).map(safeDecode);
  const [section, id, extra] = parts;
  if (parts.length === 0 || (section === 'machines' && id === undefined))
    return { name: 'machines' };
  if (section === 'machines' && id !== undefined && extra === undefined) {
    const version = Number(new URLSearchParams(search).get('version'));
    return {
      name: 'machine',
      id,
      version: Number.isInteger(version) && version > 0 ? version : null,
    };
  }
  if (section === 'instances' && id === undefined) return { name: 'instances', search };
  if (section === 'instances' && id !== undefined && extra === undefined)
    return { name: 'instance', id };
  return { name: 'not-found', path: rawPath };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'machines':
      return '#/machines';
    case 'machine':
      return `#/machines/${encodeURIComponent(route.id)}${route.version ? `?version=${route.version}` : ''}`;
    case 'instances':
      return `#/instances${route.search ? `?${route.search}` : ''}`;
    case 'instance':
      return `#/instances/${encodeURIComponent(route.id)}`;
    case 'not-found':
      return `#${route.path}`;
  }
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
