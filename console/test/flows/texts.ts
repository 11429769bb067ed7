/** Texts: a customer texts, an agent answers, a supervisor reads and closes; the FAQ and opt-out tabs. */
import * as assert from 'uvu/assert';
import { flow, check, navigate, stage } from '../support/flows.ts';
import { signIn } from '../support/browser.ts';

flow(
  'texts: a customer texts, an agent answers through the chat, the supervisor reads the transcript and closes it',
  ['texts-handset', 'texts-agent', 'conversation-detail', 'texts-conversations', 'texts-faq', 'texts-opt-outs'],
  async () => {
    const customer = '+14255550182';
    const agent = await signIn(stage(), 'agent');
    await navigate(agent, 'Texts');
    await agent.getByRole('tab', { name: 'Handset (local)' }).click();
    await agent.getByLabel('Handset number').fill(customer);
    await agent.getByRole('button', { name: 'Offer a text conversation' }).click();
    await agent.getByText('Offer: offered').waitFor();
    const handset = agent.getByRole('log', { name: 'Handset messages' });
    await handset
      .getByText(/^Service:/)
      .first()
      .waitFor();
    const send = async (text: string) => {
      const before = await handset.getByText(/^Service:/).count();
      await agent.getByLabel('Text to send').fill(text);
      await agent.getByRole('button', { name: 'Send text' }).click();
      await handset.getByText(`You: ${text}`).waitFor();
      // Wait for the service's answer to this text before the next one.
      await agent.waitForFunction(
        ([count]) =>
          Array.from(document.querySelectorAll('[aria-label="Handset messages"] > *')).filter((n) => n.textContent?.startsWith('Service:')).length >
          count!,
        [before],
        { timeout: 20_000 },
      );
    };
    await send('YES');
    await send('AGENT');
    await check(agent, 'texts-handset');

    await agent.getByRole('tab', { name: 'Agent panel (local)' }).click();
    await agent.getByRole('button', { name: 'Accept chat' }).click();
    const reply = 'Hi, this is the agent. How can I help?';
    await agent.getByLabel('Reply to the customer').fill(reply);
    await check(agent, 'texts-agent');
    await agent.getByRole('button', { name: 'Send', exact: true }).click();
    await agent.getByRole('log', { name: 'Chat transcript' }).getByText(reply).waitFor();
    await agent.getByRole('tab', { name: 'Handset (local)' }).click();
    await agent.getByLabel('Handset number').fill(customer);
    await handset.getByText(new RegExp(reply.replace(/[.?]/g, '\\$&'))).waitFor({ timeout: 20_000 });
    await agent.close();

    const supervisor = await signIn(stage(), 'supervisor');
    await navigate(supervisor, 'Texts');
    await supervisor.getByRole('link', { name: customer }).click();
    await supervisor.getByRole('log', { name: 'Conversation transcript' }).getByText(reply).waitFor();
    await check(supervisor, 'conversation-detail');
    await supervisor.getByRole('button', { name: 'Close conversation' }).click();
    await supervisor.getByRole('dialog').getByRole('button', { name: 'Close conversation' }).click();
    await supervisor.getByText(/closed-by-api/).waitFor();
    assert.not.ok(await supervisor.getByRole('button', { name: 'Close conversation' }).isVisible(), 'an ended conversation cannot be closed again');
    await navigate(supervisor, 'Texts');
    await supervisor.getByRole('heading', { name: /Conversations/ }).waitFor();
    await check(supervisor, 'texts-conversations');
    await supervisor.close();

    const admin = await signIn(stage(), 'admin');
    await navigate(admin, 'Texts');
    await admin.getByRole('tab', { name: 'FAQ' }).click();
    await admin.getByRole('button', { name: 'Export CSV' }).waitFor();
    await check(admin, 'texts-faq');
    await admin.getByRole('tab', { name: 'Opt-outs' }).click();
    await admin.getByLabel('Number to opt out').fill('+14255550199');
    await admin.getByRole('button', { name: 'Opt out', exact: true }).click();
    await admin.getByRole('rowheader', { name: '+14255550199' }).waitFor();
    await check(admin, 'texts-opt-outs');
    await admin.close();
  },
);
