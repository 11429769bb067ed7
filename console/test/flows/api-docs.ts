/** API documentation: each service's OpenAPI document is browsable with the caller's token. */
import { flow, check, navigate, stage } from '../support/flows.ts';
import { signIn } from '../support/browser.ts';

flow('API documentation: each service browsable, requests carry the token', ['api-docs'], async () => {
  const page = await signIn(stage(), 'admin');
  await navigate(page, 'API documentation');
  await page.getByText('Switchboard routing API').waitFor();
  await check(page, 'api-docs');
  await page.close();
});
