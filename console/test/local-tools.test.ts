/** The local tools' client logic: event filtering and the put-event form's error mapping and starting documents. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BusEvent } from '../src/api/local-tools.ts';
import { correlationIdOf, eventFacets, filterEvents, noFilter } from '../src/pages/local-tools/event-filter.ts';
import { parseDataJson, putEventErrors, skeletonFromSchema, startingDocument } from '../src/pages/local-tools/event-form.ts';
import { departmentOf } from '../src/pages/softphone-sip.ts';

const event = (id: string, source: string, detailType: string, data: Record<string, unknown> = {}): BusEvent => ({
  version: '0',
  id,
  source,
  'detail-type': detailType,
  account: '000000000000',
  time: '2026-03-04T15:00:00.000Z',
  region: 'local',
  resources: [],
  detail: { metadata: { id: `m-${id}`, version: '1.0', correlationId: `corr-${id}`, occurredAt: '2026-03-04T15:00:00.000Z' }, data },
});

const events = [
  event('1', 'switchboard.routing', 'CallRouted', { department: 'history' }),
  event('2', 'switchboard.routing', 'CallRoutingFailed', { reason: 'timeout' }),
  event('3', 'switchboard.callouts', 'CalloutRequested', { requestId: 'job-7' }),
  event('4', 'switchboard.iot-triage', 'IncidentOpened', { code: 'E3' }),
];

test('no filter keeps every event, in order', () => {
  assert.equal(
    filterEvents(events, noFilter).map((e) => e.id),
    ['1', '2', '3', '4'],
  );
});

test('sources and detail types each narrow; together they intersect', () => {
  assert.equal(
    filterEvents(events, { ...noFilter, sources: ['switchboard.routing'] }).map((e) => e.id),
    ['1', '2'],
  );
  assert.equal(
    filterEvents(events, { ...noFilter, detailTypes: ['CalloutRequested', 'IncidentOpened'] }).map((e) => e.id),
    ['3', '4'],
  );
  assert.equal(filterEvents(events, { ...noFilter, sources: ['switchboard.routing'], detailTypes: ['IncidentOpened'] }), []);
});

test('text matches anywhere in the JSON, case-insensitively, and trims', () => {
  assert.equal(
    filterEvents(events, { ...noFilter, text: '  HISTORY ' }).map((e) => e.id),
    ['1'],
  );
  assert.equal(
    filterEvents(events, { ...noFilter, text: 'corr-3' }).map((e) => e.id),
    ['3'],
  );
  assert.equal(filterEvents(events, { ...noFilter, text: 'nothing like it' }), []);
});

test('facets count each source and detail type, sorted by name', () => {
  const facets = eventFacets(events);
  assert.equal(facets.sources, [
    ['switchboard.callouts', 1],
    ['switchboard.iot-triage', 1],
    ['switchboard.routing', 2],
  ]);
  assert.equal(
    facets.detailTypes.map(([name]) => name),
    ['CalloutRequested', 'CallRouted', 'CallRoutingFailed', 'IncidentOpened'],
  );
  assert.is(correlationIdOf(events[0]!), 'corr-1');
  assert.is(correlationIdOf({ ...events[0]!, detail: 'not an envelope' }), undefined);
});

test('the data field must be a JSON object', () => {
  assert.equal(parseDataJson('{"a": 1}'), { ok: true, value: { a: 1 } });
  assert.is(parseDataJson('').ok, false);
  assert.is(parseDataJson('[1]').ok, false);
  const broken = parseDataJson('{"a": ');
  assert.ok(!broken.ok && /Not valid JSON/.test(broken.message));
});

test("the stage's contract issues land on the data field and in the issues table by their path in the data", () => {
  const errors = putEventErrors({
    title: 'Unprocessable Content',
    status: 422,
    detail: 'the event does not match switchboard.callouts/CalloutRequested 1.1',
    issues: [
      { path: 'body.data.receivers.0.phoneNumber', message: 'must be an E.164 number' },
      { path: 'body.data', message: 'Invalid input' },
      { path: 'body.correlationId', message: 'must be a non-empty string' },
      { path: 'body.somethingElse', message: 'odd' },
    ],
  });
  assert.equal(errors.dataIssues, [
    { path: 'receivers.0.phoneNumber', message: 'must be an E.164 number' },
    { path: '(the data)', message: 'Invalid input' },
  ]);
  assert.match(errors.fields.data ?? '', /^2 issues against the contract/);
  assert.is(errors.fields.correlationId, 'must be a non-empty string');
  assert.equal(errors.form, ['somethingElse: odd']);
  const unknown = putEventErrors({
    title: 'Unprocessable Content',
    status: 422,
    issues: [{ path: 'body.detailType', message: 'unknown detail type' }],
  });
  assert.is(unknown.fields.detailType, 'unknown detail type');
  assert.equal(unknown.dataIssues, []);
  assert.equal(putEventErrors({ title: 'Forbidden', status: 403, detail: 'the local tools are for the admin group' }).form, [
    'the local tools are for the admin group',
  ]);
});

test('a starting document: the example when there is one, else every required field of the data schema', () => {
  const now = new Date('2026-03-04T15:00:00Z');
  assert.match(startingDocument('CalloutRequested', undefined, now), /"requestId": "console-1772636400000"/);
  const schema = {
    type: 'object',
    properties: {
      metadata: { type: 'object' },
      data: {
        type: 'object',
        required: ['callId', 'at', 'kind', 'tries', 'legs'],
        properties: {
          callId: { type: 'string' },
          at: { type: 'string', format: 'date-time' },
          kind: { type: 'string', enum: ['a', 'b'] },
          tries: { type: 'integer' },
          legs: { type: 'array', minItems: 1, items: { type: 'string' } },
          optional: { type: 'string' },
        },
      },
    },
  };
  assert.equal(JSON.parse(startingDocument('Other', schema, now)), { callId: '', at: now.toISOString(), kind: 'a', tries: 0, legs: [''] });
  assert.equal(skeletonFromSchema({ anyOf: [{ type: 'boolean' }, { type: 'null' }] }), false);
});

test('the department shown for a SIP call: X-LexInfo first, else the caller name, cleaned', () => {
  assert.is(departmentOf('History', 'history'), 'history');
  assert.is(departmentOf(undefined, 'math'), 'math');
  assert.is(departmentOf(undefined, 'switchboard'), undefined, 'the dialplan’s placeholder name is no department');
  assert.is(departmentOf('<script>art</script>', undefined), 'scriptartscript');
  assert.is(departmentOf('', ''), undefined);
});

test.run();
