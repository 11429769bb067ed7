/**
 * Devices, incidents and operator Q&A: an admin injects a compressor failure into a simulated unit; the E3 incident
 * appears for the operator with the call to the site's contact placed (callouts on the local stage dials it); the
 * operator acknowledges and the call-out is cancelled; the device's chart; the runbook and knowledge documents; the
 * seed's questions answered with their sources.
 */
import * as assert from 'uvu/assert';
import { flow, check, navigate, stage } from '../support/flows.ts';
import { signIn } from '../support/browser.ts';

const device = 'aircon_2';
/** Drawn above the W1 threshold from the start, so its chart shows the threshold crossed and the anomaly marked. */
const drawing = 'aircon_4';

async function tokenOf(username: string): Promise<string> {
  const response = await fetch(new URL('auth/local/token', stage().consoleUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: stage().passwords[username] }),
  });
  assert.is(response.status, 200, `sign-in of ${username}`);
  return ((await response.json()) as { idToken: string }).idToken;
}

async function api<T>(service: string, path: string, token: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${stage().apis[service]}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
  assert.ok(response.ok, `${init.method ?? 'GET'} ${service}${path}: ${response.status}`);
  return (await response.json()) as T;
}

flow(
  'operations: an injected E3 becomes an incident, the contact is called, the operator acknowledges and the call-out is cancelled',
  ['devices', 'device-detail', 'incidents', 'incident-detail', 'runbook', 'knowledge', 'ask'],
  async () => {
    const adminToken = await tokenOf('admin');
    // The site's contact keeps ringing (no answer for two minutes), so the call is still outstanding when the
    // operator acknowledges: what stops it is the acknowledgement, not the callee.
    const site = await api<{ contacts: Array<{ phoneNumber: string }> }>('iot-triage', `/devices/${device}`, adminToken);
    const contact = site.contacts[0]!.phoneNumber;
    await api('callouts', `/simulator/callees/${encodeURIComponent(contact)}`, adminToken, {
      method: 'PUT',
      body: JSON.stringify({ behaviour: 'no-answer', ringMs: 120_000 }),
    });

    await api('iot-triage', `/devices/${drawing}/faults`, adminToken, { method: 'POST', body: JSON.stringify({ fault_type: 'high_wattage' }) });

    const admin = await signIn(stage(), 'admin');
    await navigate(admin, 'Devices');
    await admin.getByRole('link', { name: device, exact: true }).click();
    await admin.getByRole('heading', { name: 'Fault injection' }).waitFor();
    await admin.getByRole('button', { name: 'Inject fault' }).click();
    await admin.getByText(`Command inject_fault sent to ${device}`).waitFor();
    await admin.close();

    const operator = await signIn(stage(), 'operator');
    await navigate(operator, 'Incidents');
    const incidentLink = operator.getByRole('link', { name: `E3 compressor_failure on ${device}` });
    // The simulator reports the fault with its next reading (every 10 s on the local stage).
    await incidentLink.waitFor({ timeout: 60_000 });
    await check(operator, 'incidents');
    await incidentLink.click();
    const timeline = operator.getByRole('table', { name: 'Incident timeline' });
    await timeline.getByText('Calling contact 1').waitFor({ timeout: 30_000 });
    await operator.getByText('Calling contact 1 of 1').waitFor();
    await timeline.getByText('Ticket logged').waitFor();
    const incidentId = operator.url().split('/').pop()!;
    const requestId = `${incidentId}-call-1`;
    // callouts took the request and is dialling the contact.
    const job = await api<{ status: string }>('callouts', `/jobs/${encodeURIComponent(requestId)}`, adminToken);
    assert.not.equal(job.status, 'Cancelled');
    await check(operator, 'incident-detail');

    await operator.getByRole('button', { name: 'Acknowledge' }).click();
    await operator.getByRole('dialog').getByRole('button', { name: 'Acknowledge' }).click();
    await timeline.getByText('Acknowledged in the console').waitFor();
    await timeline.getByText('Call-out cancelled').waitFor({ timeout: 20_000 });
    await operator.getByText(/calls stopped/).waitFor();
    // The calls stop: callouts cancelled the job, so it neither redials nor calls anyone else.
    const deadline = Date.now() + 20_000;
    let status = '';
    while (Date.now() < deadline && status !== 'Cancelled') {
      status = (await api<{ status: string }>('callouts', `/jobs/${encodeURIComponent(requestId)}`, adminToken)).status;
      if (status !== 'Cancelled') await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.is(status, 'Cancelled', 'the acknowledgement cancelled the call-out');

    await navigate(operator, 'Devices');
    await operator.getByRole('link', { name: drawing, exact: true }).click();
    await operator.getByRole('heading', { name: 'Telemetry' }).waitFor();
    await operator.locator(`svg[aria-label="Power of ${drawing}"]`).first().waitFor({ timeout: 30_000 });
    // W1 fires after 3 of 5 readings above 1200 W (10 s apart here); the chart marks where it started.
    await operator.getByText(/^Anomalies in this window: .*W1/).waitFor({ timeout: 90_000 });
    await check(operator, 'device-detail');
    await navigate(operator, 'Devices');
    await operator.getByRole('link', { name: 'aircon_1', exact: true }).waitFor();
    await check(operator, 'devices');

    await navigate(operator, 'Runbook and knowledge');
    await operator.getByRole('rowheader', { name: 'E3' }).waitFor();
    await check(operator, 'runbook');
    await operator.getByRole('tab', { name: 'Knowledge documents' }).click();
    await operator.getByRole('rowheader', { name: 'aircon_manual.md' }).waitFor();
    await check(operator, 'knowledge');

    await navigate(operator, 'Ask the assistant');
    const conversation = operator.getByRole('log', { name: 'Conversation' });
    await operator
      .getByRole('menuitem', { name: 'Please tell me about the device aircon_1' })
      .or(operator.getByRole('button', { name: 'Please tell me about the device aircon_1' }))
      .first()
      .click();
    await conversation.getByText('Device data:').first().waitFor({ timeout: 20_000 });
    await operator
      .getByRole('menuitem', { name: 'Please tell me about the error W1' })
      .or(operator.getByRole('button', { name: 'Please tell me about the error W1' }))
      .first()
      .click();
    await conversation.getByText('Runbook section:').first().waitFor({ timeout: 20_000 });
    await conversation.getByRole('link', { name: 'Error code W1' }).first().waitFor();
    await check(operator, 'ask');
    await operator.close();
  },
);
