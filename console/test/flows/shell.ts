/** Every role signs in and sees the navigation its role allows. */
import * as assert from 'uvu/assert';
import { flow, check, stage } from '../support/flows.ts';
import { signIn } from '../support/browser.ts';
import { sideNavigationItems } from '../../src/navigation.ts';

flow('every role signs in and sees the navigation of its role', ['sign-in', 'overview'], async () => {
  const page = await stage().context.newPage();
  await page.goto(stage().consoleUrl);
  await page.getByRole('radio', { name: /^admin/ }).check();
  await check(page, 'sign-in');
  await page.close();
  const users = [
    ['admin', ['admin']],
    ['supervisor', ['supervisor']],
    ['routing-editor', ['routing-editor']],
    ['campaign-manager', ['campaign-manager']],
    ['operator', ['operator']],
    ['agent', ['agent']],
    ['user', []],
  ] as const;
  for (const [username, groups] of users) {
    const signedIn = await signIn(stage(), username);
    const expected = sideNavigationItems({ username, groups }, { stage: 'local' }).flatMap((item) =>
      item.type === 'link' ? [item.text] : item.type === 'section' ? item.items.map((link) => link.text) : [],
    );
    const nav = signedIn.getByRole('navigation', { name: 'Side navigation' });
    const shown = (await nav.getByRole('link').allTextContents()).filter((text) => text !== 'Switchboard');
    assert.equal(shown, expected, `${username} sees the pages of its role`);
    assert.ok(await signedIn.getByRole('button', { name: new RegExp(username) }).isVisible(), `${username} is shown as signed in`);
    if (username === 'admin') {
      await signedIn
        .getByText(/Healthy · v/)
        .first()
        .waitFor();
      // Forwarding counts its calls now: a number (with its outcomes), not "—", linking to the Forwarding page.
      await signedIn.getByText(/^\d+ answered, \d+ unanswered or busy$/).waitFor();
      assert.is(await signedIn.getByRole('link', { name: 'Forwarded calls', exact: true }).getAttribute('href'), '/forwarding');
      await check(signedIn, 'overview');
    }
    if (username === 'user') {
      await signedIn.goto(new URL('routing', stage().consoleUrl).toString());
      await signedIn.getByText('Not available to your role').waitFor();
    }
    await signedIn.close();
  }
});
