/**
 * The agent softphone and the local tools: a test call routed to an extension rings on the agent's page and is
 * answered there (caller → IVR → agent in a browser); an event put from the event log reaches its owning service;
 * a fault injected on the device simulator becomes a ticket e-mail in the outbox; the MQTT monitor shows the
 * device traffic.
 */
import * as assert from 'uvu/assert';
import { flow, check, navigate, stage } from '../support/flows.ts';
import { signIn } from '../support/browser.ts';

async function tokenFor(username: string): Promise<string> {
  const response = await fetch(new URL('auth/local/token', stage().consoleUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: stage().passwords[username] }),
  });
  return ((await response.json()) as { idToken: string }).idToken;
}

flow(
  'agent softphone: a call the IVR bridges to an extension rings on the agent page, is answered and hung up there',
  ['softphone', 'softphone-ringing'],
  async () => {
    const agent = await signIn(stage(), 'agent');
    await navigate(agent, 'Agent softphone');
    await agent.getByText('Online on the local agent line').waitFor();
    await check(agent, 'softphone');

    const caller = await signIn(stage(), 'supervisor');
    await navigate(caller, 'Calls');
    await caller.getByLabel('The caller says').fill('history');
    await caller.getByRole('button', { name: /The department answers/ }).click();
    await caller.getByRole('option', { name: /An agent answers on the Agent softphone page/ }).click();
    await caller.getByRole('button', { name: 'Place test call' }).click();

    await agent.getByRole('heading', { name: 'Incoming call on 600300' }).waitFor();
    assert.match((await agent.getByText('history', { exact: true }).first().textContent()) ?? '', /history/, 'the department (X-LexInfo) is shown');
    await check(agent, 'softphone-ringing');
    await agent.getByRole('button', { name: 'Answer' }).click();
    await agent.getByRole('heading', { name: 'In call on 600300' }).waitFor();
    await agent.getByRole('button', { name: 'Hang up' }).click();
    await agent.getByRole('cell', { name: 'Agent hung up' }).first().waitFor();

    await caller.getByRole('heading', { name: 'Test call transcript' }).waitFor();
    const summary = await caller
      .getByText(/^Bridged to /)
      .first()
      .textContent();
    assert.match(summary ?? '', /600300.*ended by the callee/, 'the simulator bridged the call to the extension and the agent ended it');
    await caller.close();
    await agent.close();
  },
);

flow('local tools: put an event (refused, then accepted) and see it in the log and in callouts; replay it', ['event-log'], async () => {
  const page = await signIn(stage(), 'admin');
  await navigate(page, 'Event log');
  await page.getByRole('heading', { name: 'Put an event' }).waitFor();
  const data = page.getByLabel('Data');
  const requestId = `flow-${Date.now()}`;
  const callout = (phoneNumber: string) =>
    JSON.stringify({
      requestId,
      purpose: 'notification',
      requestedBy: 'console-flow',
      greeting: 'Hello',
      ending: 'Goodbye',
      questions: [{ type: 'OK', template: 'Press 1' }],
      receivers: [{ receiverId: 'r1', phoneNumber }],
    });
  await data.fill(callout('555'));
  await page.getByRole('button', { name: 'Put event' }).click();
  await page.getByRole('heading', { name: 'Issues against the contract' }).waitFor();
  await page.getByText('receivers.0.phoneNumber').waitFor();

  await data.fill(callout('+14155550123'));
  await page.getByRole('button', { name: 'Put event' }).click();
  await page.getByText('Put CalloutRequested on the bus').waitFor();
  await page.getByRole('button', { name: /^Filter by detail type/ }).click();
  await page.getByRole('option', { name: /CalloutRequested/ }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('rowheader', { name: 'CalloutRequested' }).first().waitFor();

  // Its effect in the owning service: callouts made the request a job named by its requestId.
  const token = await tokenFor('admin');
  let status = 0;
  for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
    status = (await fetch(`${stage().apis.callouts}/jobs/${requestId}`, { headers: { authorization: `Bearer ${token}` } })).status;
    if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.is(status, 200, 'callouts created the job the event asked for');

  await page
    .getByRole('radio', { name: /^CalloutRequested / })
    .first()
    .check();
  await page.getByRole('region', { name: 'Event JSON' }).getByText(new RegExp(requestId)).first().waitFor();
  await page.getByRole('button', { name: 'Replay' }).click();
  await page.getByText('Replayed CalloutRequested').waitFor();
  await page.getByText('CalloutRequested (replay)').first().waitFor();
  await check(page, 'event-log');
  await page.close();
});

flow(
  'local tools: a fault from the device simulator, its ticket e-mail in the outbox, the device traffic in the MQTT monitor',
  ['device-simulator', 'outbox', 'mqtt-monitor'],
  async () => {
    const page = await signIn(stage(), 'admin');
    await navigate(page, 'MQTT monitor');
    await page.getByRole('heading', { name: 'MQTT monitor', level: 1 }).waitFor();
    await page.getByText('Subscribed').waitFor();
    await page
      .getByRole('rowheader', { name: /^devices\/aircon_\d+\/telemetry$/ })
      .first()
      .waitFor({ timeout: 60_000 });
    await check(page, 'mqtt-monitor');

    await navigate(page, 'Device simulator');
    await page.getByRole('heading', { name: 'Device simulator', level: 1 }).waitFor();
    await page.getByRole('radio', { name: 'aircon_1', exact: true }).check();
    await page.getByRole('button', { name: /Compressor failure/ }).click();
    await page.getByRole('option', { name: /High temperature/ }).click();
    await page.getByRole('button', { name: 'Inject fault' }).click();
    await page.getByText('Fault sent to aircon_1').waitFor();
    await check(page, 'device-simulator');

    await navigate(page, 'E-mail outbox');
    // Wait for the page itself: the device table also has an aircon_1 row and radios.
    await page.getByRole('heading', { name: 'E-mail outbox', level: 1 }).waitFor();
    // The simulator reports the fault on its next reading; the runbook's first step logs a ticket, mailed here.
    const ticket = page.getByRole('radio', { name: /high_temperature on aircon_1/ }).first();
    await ticket.waitFor({ timeout: 90_000 });
    await ticket.check();
    await page.getByRole('region', { name: 'Message body' }).waitFor();
    await check(page, 'outbox');

    await navigate(page, 'Device simulator');
    await page.getByRole('heading', { name: 'Device simulator', level: 1 }).waitFor();
    await page.getByRole('radio', { name: 'aircon_1', exact: true }).check();
    await page.getByRole('button', { name: 'Clear fault' }).click();
    await page.getByText('Clear sent to aircon_1').waitFor();
    await page.close();
  },
);
