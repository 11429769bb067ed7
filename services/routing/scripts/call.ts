/**
 * Places a simulated call on the local stage's routing service and prints what happened.
 *
 *   npm start                                    # in another terminal; prints SWITCHBOARD_TOKEN
 *   npm run call -w @switchboard/routing -- --say history
 *   npm run call -w @switchboard/routing -- --digits 3 --bridge busy --bridge no-answer
 *   npm run call -w @switchboard/routing -- --say geography --say astronomy --json
 *
 * Options: --from, --to (E.164; defaults below), --say (repeatable: one per bot turn), --digits
 * (repeatable), --sms-offer-key, --bridge answer|busy|no-answer (repeatable: one per bridge attempt),
 * --hangup-by caller|callee, --url (the routing service's base URL: default SWITCHBOARD_ROUTING_URL, else the
 * port the local stage gives routing — it follows SWITCHBOARD_PORT_BASE and SWITCHBOARD_PORT_ROUTING exactly as
 * `npm start` does, http://127.0.0.1:4010 by default), --token (default SWITCHBOARD_TOKEN), --json (print the raw transcript).
 */
import { parseArgs } from 'node:util';
import { routingUrl } from './routing-url.ts';

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: '+14155550123' },
    to: { type: 'string', default: '+18005550100' },
    say: { type: 'string', multiple: true },
    digits: { type: 'string', multiple: true },
    'sms-offer-key': { type: 'string' },
    bridge: { type: 'string', multiple: true },
    'hangup-by': { type: 'string' },
    url: { type: 'string', default: routingUrl(process.env) },
    token: { type: 'string', default: process.env.SWITCHBOARD_TOKEN },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});

if (values.help) {
  console.log(
    'usage: npm run call -w @switchboard/routing -- [--say WORDS]... [--digits KEYS]... [--bridge answer|busy|no-answer]... [--url URL] [--token TOKEN] [--json]\n' +
      `  --url defaults to ${routingUrl(process.env)} (SWITCHBOARD_ROUTING_URL, else the local stage's routing port from SWITCHBOARD_PORT_BASE)`,
  );
  process.exit(0);
}
if (!values.token) {
  console.error('call: no token. Export SWITCHBOARD_TOKEN (npm start prints it) or pass --token.');
  process.exit(2);
}

const body = {
  from: values.from,
  to: values.to,
  ...(values.say ? { say: values.say } : {}),
  ...(values.digits ? { digits: values.digits } : {}),
  ...(values['sms-offer-key'] ? { smsOfferKey: values['sms-offer-key'] } : {}),
  ...(values.bridge ? { bridge: values.bridge } : {}),
  ...(values['hangup-by'] ? { hangupBy: values['hangup-by'] } : {}),
};

let response: Response;
try {
  response = await fetch(new URL('/simulator/calls', values.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${values.token}` },
    body: JSON.stringify(body),
  });
} catch (error) {
  console.error(`call: cannot reach ${values.url} (${String(error)}). Is the local stage running (npm start)?`);
  process.exit(1);
}
const result = (await response.json()) as Record<string, any>;
if (!response.ok) {
  console.error(`call: ${response.status} ${result.title ?? ''}: ${result.detail ?? ''}`);
  for (const issue of result.issues ?? []) console.error(`  ${issue.path}: ${issue.message}`);
  process.exit(1);
}
if (values.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`call ${result.callId}`);
  for (const entry of result.transcript) {
    const event = `${entry.event.type}${entry.event.action ? ` (${entry.event.action})` : ''}${entry.event.detail ? ` [${entry.event.detail}]` : ''}`;
    const actions = entry.actions.map((a: { Type: string; Parameters: Record<string, any> }) =>
      a.Type === 'CallAndBridge'
        ? `CallAndBridge → ${a.Parameters.Endpoints[0].BridgeEndpointType} ${a.Parameters.Endpoints[0].Uri}${a.Parameters.SipHeaders ? ` ${JSON.stringify(a.Parameters.SipHeaders)}` : ''}`
        : a.Type,
    );
    console.log(`#${entry.sequence} ${event} → ${actions.length ? actions.join(', ') : '(no action)'}`);
    for (const note of entry.notes) console.log(`     ${note}`);
  }
  console.log(`outcome: ${JSON.stringify(result.outcome)}`);
}
