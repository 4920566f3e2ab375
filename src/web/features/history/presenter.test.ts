import { describe, expect, it } from 'vitest';
import { describeChange } from './presenter.js';

describe("an indicator's audit history in words", () => {
  it('names fields as the pages do and prints states, ratings and outlooks in words', () => {
    const lines = describeChange(
      JSON.stringify({ actual: null, state: 'in-progress', computed_rating: null, outlook: null }),
      JSON.stringify({
        actual: 7000,
        state: 'submitted',
        computed_rating: 'red',
        outlook: 'improving',
        milestone_status: 'x',
      }),
    );
    expect(lines).toEqual([
      'Actual: blank → 7000',
      'State: In progress → Submitted',
      'Rating: blank → Red',
      'Outlook: blank → positive/improving',
      'Progress: blank → x',
    ]);
    expect(describeChange(null, JSON.stringify({ actual_value: 5, some_field: 'y' }))).toEqual([
      'Actual: blank → 5',
      'Some field: blank → y',
    ]);
  });
});
