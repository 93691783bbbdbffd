/**
 * Pins the instance table's filters: the API query they produce, their round trip through the
 * page hash (a shared link must open the same filtered table), and the live check that decides
 * whether an instance that just moved still belongs in the table.
 */
import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILTERS,
  filtersFromSearch,
  filtersToQuery,
  filtersToSearch,
  matchesFilters,
  type InstanceFilters,
} from './instance-filter.js';

const now = Date.parse('2026-03-01T12:00:00.000Z');

describe('filtersToQuery', () => {
  it('leaves out empty filters', () => {
    expect(filtersToQuery(EMPTY_FILTERS, now)).toEqual({});
  });

  it('maps every filter to its API parameter', () => {
    const filters: InstanceFilters = {
      machine: 'order',
      status: 'failed',
      state: ' charging ',
      key: 'o-17',
      range: { preset: '15m' },
    };
    expect(filtersToQuery(filters, now)).toEqual({
      machine: 'order',
      status: 'failed',
      state: 'charging',
      key: 'o-17',
      createdAfter: '2026-03-01T11:45:00.000Z',
    });
  });
});

describe('filtersToSearch / filtersFromSearch', () => {
  it('round-trips through the page hash', () => {
    const filters: InstanceFilters = {
      machine: 'onboarding',
      status: 'active',
      state: 'collecting.documents',
      key: '',
      range: { preset: 'custom', from: '2026-03-01T08:00', to: '2026-03-01T09:00' },
    };
    expect(filtersFromSearch(filtersToSearch(filters))).toEqual(filters);
  });

  it('ignores values it does not know', () => {
    expect(filtersFromSearch('status=sleeping&range=forever')).toEqual(EMPTY_FILTERS);
  });
});

describe('matchesFilters', () => {
  const instance = {
    machine: 'onboarding',
    status: 'active' as const,
    value: { collecting: { documents: 'waiting', backgroundCheck: 'running' } },
    key: 'c-1',
    createdAt: '2026-03-01T11:50:00.000Z',
  };

  it('matches a parent state of a nested active state', () => {
    expect(matchesFilters(instance, { ...EMPTY_FILTERS, state: 'collecting.documents' }, now)).toBe(
      true,
    );
  });

  it('rejects on machine, status, key, state or time', () => {
    expect(matchesFilters(instance, { ...EMPTY_FILTERS, machine: 'order' }, now)).toBe(false);
    expect(matchesFilters(instance, { ...EMPTY_FILTERS, status: 'done' }, now)).toBe(false);
    expect(matchesFilters(instance, { ...EMPTY_FILTERS, key: 'c-2' }, now)).toBe(false);
    expect(matchesFilters(instance, { ...EMPTY_FILTERS, state: 'activating' }, now)).toBe(false);
    expect(
      matchesFilters(
        { ...instance, createdAt: '2026-03-01T10:00:00.000Z' },
        { ...EMPTY_FILTERS, range: { preset: '1h' } },
        now,
      ),
    ).toBe(false);
  });
});
