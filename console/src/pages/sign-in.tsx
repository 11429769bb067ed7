import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Tiles from '@cloudscape-design/components/tiles';
import { useAuth } from '../auth/auth.tsx';
import { useConsole } from '../context.tsx';
import { roleLabels, roles, type Role } from '../roles.ts';

const describe = (groups: string[]) =>
  groups.map((g) => ((roles as readonly string[]).includes(g) ? roleLabels[g as Role] : g)).join(', ') ||
  'No role: forwarding self-service of own numbers';

export default function SignIn() {
  const { config } = useConsole();
  const { signInLocal, signInCognito } = useAuth();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const run = async (who: string | undefined, action: () => Promise<void>) => {
    setBusy(who ?? 'cognito');
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
      <ContentLayout
        header={
          <Header variant="h1" description={`Stage ${config.stage}`}>
            Sign in to Switchboard
          </Header>
        }
      >
        <SpaceBetween size="l">
          {error && (
            <Alert type="error" header="Sign-in failed">
              {error}
            </Alert>
          )}
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
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void run(username, () => signInLocal(username, password));
              }}
            >
              <Container
                header={
                  <Header
                    variant="h2"
                    description="One user per role. Their passwords are printed by npm start (and kept in .switchboard/auth/local-users.json)."
                  >
                    Local users
                  </Header>
                }
                footer={
                  <Box float="right">
                    <Button variant="primary" loading={busy !== undefined} disabled={!username || !password}>
                      Sign in
                    </Button>
                  </Box>
                }
              >
                <SpaceBetween size="l">
                  <FormField label="User">
                    <Tiles
                      ariaLabel="User"
                      value={username}
                      onChange={({ detail }) => setUsername(detail.value)}
                      columns={4}
                      items={config.auth.users.map((user) => ({ value: user.username, label: user.username, description: describe(user.groups) }))}
                    />
                  </FormField>
                  <FormField label="Password" description={username ? `The password printed for ${username}.` : 'Choose a user first.'}>
                    <Input type="password" value={password} onChange={({ detail }) => setPassword(detail.value)} ariaLabel="Password" />
                  </FormField>
                </SpaceBetween>
              </Container>
            </form>
          )}
        </SpaceBetween>
      </ContentLayout>
    </main>
  );
}
