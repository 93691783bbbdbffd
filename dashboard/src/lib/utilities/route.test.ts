/**
 * Pins the dashboard's links: every view has a hash URL that parses back to the same view, so
 * reloads, the back button and shared links land where the user was.
 */
import { describe, expect, it } from 'vitest';
import { hrefFor, parseRoute, type Route } from './route.js';

describe('parseRoute', () => {
  it('opens the machines list by default', () => {
    expect(parseRoute('')).toEqual({ name: 'machines' });
    expect(parseRoute('#/')).toEqual({ name: 'machines' });
  });

  it('reads a machine and its version', () => {
    expect(parseRoute('#/machines/order?version=2')).toEqual({
      name: 'machine',
      id: 'order',
      version: 2,
    });
    expect(parseRoute('#/machines/order?version=zero')).toEqual({
      name: 'machine',
      id: 'order',
      version: null,
    });
  });

  it('keeps the filters of the instances table', () => {
    expect(parseRoute('#/instances?status=failed')).toEqual({
      name: 'instances',
      search: 'status=failed',
    });
  });

  it('reports unknown paths', () => {
    expect(parseRoute('#/settings/x')).toEqual({ name: 'not-found', path: '/settings/x' });
  });
});

describe('hrefFor', () => {
  it.each<Route>([
    { name: 'machines' },
    { name: 'machine', id: 'order', version: 3 },
    { name: 'machine', id: 'with space', version: null },
    { name: 'instances', search: 'machine=order' },
    { name: 'instance', id: '0195a3c2-7f1e-7000-8000-000000000001' },
  ])('round-trips %o', (route) => {
    expect(parseRoute(hrefFor(route))).toEqual(route);
  });
});
