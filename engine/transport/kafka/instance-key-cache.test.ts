/**
 * Pins the business-key cache of the ingress: keys are per machine, and when full the least
 * recently used entry leaves first (a hit counts as a use).
 */
import { expect, it } from 'vitest';
import { InstanceKeyCache } from './instance-key-cache.js';

it('keeps keys per machine and evicts the least recently used', () => {
  const cache = new InstanceKeyCache(2);
  cache.set('order', 'k1', 'i1');
  cache.set('invoice', 'k1', 'i9');
  expect(cache.get('order', 'k1')).toBe('i1');
  cache.set('order', 'k2', 'i2'); // evicts invoice/k1, used least recently
  expect(cache.get('invoice', 'k1')).toBeUndefined();
  expect(cache.get('order', 'k1')).toBe('i1');
  expect(cache.get('order', 'k2')).toBe('i2');
  cache.delete('order', 'k1');
  expect(cache.get('order', 'k1')).toBeUndefined();
});
