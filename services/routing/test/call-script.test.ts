/** Issue 15: `npm run call` targets the port the local stage gives routing, which follows SWITCHBOARD_PORT_BASE. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { routingUrl } from '../scripts/routing-url.ts';

test('the default URL follows the stage port rules', () => {
  assert.is(routingUrl({}), 'http://127.0.0.1:4010');
  assert.is(routingUrl({ SWITCHBOARD_PORT_BASE: '5000' }), 'http://127.0.0.1:5010');
  assert.is(routingUrl({ SWITCHBOARD_PORT_BASE: '5000', SWITCHBOARD_PORT_ROUTING: '6123' }), 'http://127.0.0.1:6123');
  assert.is(
    routingUrl({ SWITCHBOARD_PORT_BASE: '5000', SWITCHBOARD_ROUTING_URL: 'http://routing.example.com:4010' }),
    'http://routing.example.com:4010',
  );
});

test.run();
