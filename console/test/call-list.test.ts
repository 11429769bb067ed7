import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rangeBounds, TokenPages } from '../src/pages/call-list.ts';

test('ranges end now; "today" starts at UTC midnight', () => {
  const now = new Date('2026-03-02T15:30:00.000Z');
  assert.equal(rangeBounds('1h', now), { from: '2026-03-02T14:30:00.000Z', to: '2026-03-02T15:30:00.000Z' });
  assert.equal(rangeBounds('today', now), { from: '2026-03-02T00:00:00.000Z', to: '2026-03-02T15:30:00.000Z' });
  assert.equal(rangeBounds('31d', now).from, '2026-01-30T15:30:00.000Z');
});

test('pages follow the API’s nextToken forward and can go back to any page already seen', () => {
  const pages = new TokenPages();
  assert.is(pages.tokenFor(1), undefined);
  assert.is(pages.pagesKnown(), 1);
  pages.record(1, 't1');
  assert.is(pages.pagesKnown(), 2, 'a next page is offered while the API says there is more');
  assert.is(pages.tokenFor(2), 't1');
  pages.record(2, 't2');
  pages.record(3, undefined);
  assert.is(pages.pagesKnown(), 3);
  assert.not.ok(pages.hasMore());
  assert.is(pages.tokenFor(3), 't2');
  // Going back to page 1 and reading it again forgets what came after (the list may have changed).
  pages.record(1, 't1b');
  assert.is(pages.pagesKnown(), 2);
  assert.is(pages.tokenFor(2), 't1b');
});

test.run();
