/**
 * Pins the controls offered per status, matching what the engine accepts (engine.ts: pause needs
 * active, resume needs paused, retry needs failed; cancel works on active, paused or failed). A
 * button that is enabled but always refused is worse than no button.
 */
import { describe, expect, it } from 'vitest';
import { allowedControls, sendPolicy } from './allowed-controls.js';

describe('allowedControls', () => {
  it.each([
    ['active', ['cancel', 'pause']],
    ['paused', ['cancel', 'resume']],
    ['failed', ['cancel', 'retry']],
    ['done', []],
    ['cancelled', []],
  ] as const)('for %s offers %o', (status, controls) => {
    expect([...allowedControls(status)].sort()).toEqual(controls);
  });
});

describe('sendPolicy', () => {
  it('accepts events while not finished, saying when they are held', () => {
    expect(sendPolicy('active')).toEqual({ blocked: false, note: null });
    expect(sendPolicy('paused')).toEqual({
      blocked: false,
      note: 'Held until the instance is resumed.',
    });
    expect(sendPolicy('failed').blocked).toBe(false);
    expect(sendPolicy('done')).toEqual({ blocked: true, note: 'The instance is done.' });
  });
});
