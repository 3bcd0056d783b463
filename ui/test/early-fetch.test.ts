// Which addresses start their page's big answer together with the login check (early-fetch.ts).
import { describe, expect, it } from 'vitest';
import { earlyPathsFor } from '../src/early-fetch';

describe('earlyPathsFor', () => {
  it('starts the selection session for a selection address', () => {
    expect(earlyPathsFor('#/selection/12')).toEqual(['/api/orders/12/selection']);
    expect(earlyPathsFor('#/selection/12?x=1')).toEqual(['/api/orders/12/selection']);
  });

  it('starts nothing elsewhere', () => {
    for (const hash of ['', '#/', '#/customers/12', '#/selection', '#/selection/abc', '#/selection/12x', '#/till/selection/12']) expect(earlyPathsFor(hash), hash).toEqual([]);
  });
});
