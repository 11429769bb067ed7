import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import { useAuth } from '../auth/auth.tsx';
import { useConsole } from '../context.tsx';
import { roleLabels, roles, type Role } from '../roles.ts';

const describe = (groups: string[]) => groups.map((g) => (roles as readonly string[]).includes(g) ? roleLabels[g as Role] : g).join(', ') || 'No role: forwarding self-service of own numbers';

export default function SignIn() {
  const { config } = useConsole();
  const { signInLocal, signInCognito } = useAuth();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const run = async (username: string | undefined, action: () => Promise<void>) => {
    setBusy(username ?? 'cognito');
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <main style={{ maxWidth: 880, margin: '48px auto', padding: '0 20px' }}>
      <ContentLayout header={<Header variant="h1" description={`Stage ${config.stage}`}>Sign in to Switchboard</Header>}>
        <SpaceBetween size="l">
          {error && <Alert type="error" header="Sign-in failed">{error}</Alert>}
          {config.auth.mode === 'cognito' ? (
            <Container>
              <SpaceBetween size="m">
                <Box>You sign in with your organisation's Switchboard account (Amazon Cognito). Your groups decide what you see.</Box>
                <Button variant="primary" loading={busy === 'cognito'} onClick={() => run(undefined, signInCognito)}>
                  Sign in
                </Button>
              </SpaceBetween>
            </Container>
          ) : (
            <Container
              header={
                <Header variant="h2" description="The local stage has one user per role. Pick who you want to be; the APIs see the same Cognito-shaped token they would in AWS.">
                  Local users
                </Header>
              }
            >
              <ColumnLayout columns={2} borders="horizontal">
                {config.auth.users.map((user) => (
                  <SpaceBetween key={user.username} size="xxs">
                    <Button ariaLabel={`Sign in as ${user.username}`} loading={busy === user.username} onClick={() => run(user.username, () => signInLocal(user.username))}>
                      Sign in as {user.username}
                    </Button>
                    <Box color="text-body-secondary">{describe(user.groups)}</Box>
                  </SpaceBetween>
                ))}
              </ColumnLayout>
            </Container>
          )}
        </SpaceBetween>
      </ContentLayout>
    </main>
  );
}
