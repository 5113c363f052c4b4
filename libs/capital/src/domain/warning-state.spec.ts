import { medianMs, warningTransition } from './warning-state';

describe('warning closed loop', () => {
  it('runs open → acknowledged → assigned → resolved', () => {
    expect(warningTransition('open', 'acknowledge')).toEqual({ ok: true, next: 'acknowledged' });
    expect(warningTransition('acknowledged', 'assign')).toEqual({ ok: true, next: 'assigned' });
    expect(warningTransition('assigned', 'assign')).toEqual({ ok: true, next: 'assigned' });
    expect(warningTransition('assigned', 'resolve')).toEqual({ ok: true, next: 'resolved' });
  });

  it('refuses to resolve an untaken warning and to touch a resolved one', () => {
    expect(warningTransition('open', 'resolve')).toMatchObject({ ok: false });
    expect(warningTransition('resolved', 'assign')).toMatchObject({
      ok: false,
      message: expect.stringContaining('resolved'),
    });
    expect(warningTransition('acknowledged', 'acknowledge').ok).toBe(false);
  });
});

describe('medianMs', () => {
  it('is exact for odd and even counts and beyond 2^53', () => {
    expect(medianMs([])).toBeNull();
    expect(medianMs([5, 1, 3])).toBe('3');
    expect(medianMs([1, 2])).toBe('1.5');
    expect(medianMs([2, 4])).toBe('3');
    expect(medianMs(['9007199254740993', '9007199254740994'])).toBe('9007199254740993.5');
  });
});
