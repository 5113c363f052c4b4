import {
  WARNING_OUTCOMES as API_OUTCOMES,
  WARNING_STATUSES as API_STATUSES,
  warningTransition,
} from '@app/capital';
import { warningActions, WARNING_OUTCOMES, WARNING_STATUSES } from './warnings';

describe('the investment warning steps the console offers', () => {
  it('offers acknowledge and assign for an open warning, assign and resolve once taken, nothing once resolved', () => {
    expect(warningActions('open')).toEqual(['acknowledge', 'assign']);
    expect(warningActions('acknowledged')).toEqual(['assign', 'resolve']);
    expect(warningActions('assigned')).toEqual(['assign', 'resolve']);
    expect(warningActions('resolved')).toEqual([]);
  });

  it('offers exactly the steps the api allows, with its statuses and outcomes', () => {
    expect(WARNING_STATUSES).toEqual(API_STATUSES);
    expect(WARNING_OUTCOMES).toEqual(API_OUTCOMES);
    for (const status of API_STATUSES) {
      const allowed = (['acknowledge', 'assign', 'resolve'] as const).filter(
        (s) => warningTransition(status, s).ok,
      );
      expect({ status, steps: warningActions(status) }).toEqual({ status, steps: allowed });
    }
  });
});
