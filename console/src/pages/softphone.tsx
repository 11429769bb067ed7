/**
 * Agent softphone: answers the calls the IVR bridges to an extension, with the department the caller asked for
 * (`X-LexInfo`) shown. With a PBX deployed (config.json `softphone`), JsSIP registers over WSS to Asterisk. On the
 * local stage there is no PBX: the routing service's agent line (its PBX stand-in) rings here instead, and
 * answering or hanging up completes the bridge in the call simulator and the call log.
 */
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { must } from '../api/clients.ts';
import { toProblem } from '../api/problem.ts';
import type { components } from '../api/generated/routing.ts';
import { formatDateTime, LoadError } from '../components/query-state.tsx';
import { useConsole } from '../context.tsx';
import { useNotifications } from '../shell/notifications.tsx';
import { startSipPhone, type SipIncoming, type SipPhone, type SipStatus, type SoftphoneConfig } from './softphone-sip.ts';

type LineCall = components['schemas']['AgentLineCall'];

const endings: Record<NonNullable<LineCall['ending']>, string> = {
  declined: 'Declined (the IVR moved on)',
  'not-answered': 'Not answered in time',
  'agent-hung-up': 'Agent hung up',
  'caller-hung-up': 'Caller hung up',
};

function CallCard({
  title,
  department,
  caller,
  extra,
  actions,
}: {
  title: string;
  department?: string;
  caller: string;
  extra?: { label: string; value: string }[];
  actions: React.ReactNode;
}) {
  return (
    <Container
      header={
        <Header
          variant="h2"
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              {actions}
            </SpaceBetween>
          }
        >
          {title}
        </Header>
      }
    >
      <KeyValuePairs
        columns={3}
        items={[
          {
            label: 'Department (X-LexInfo)',
            value: (
              <Box fontWeight="bold" fontSize="heading-m">
                {department ?? 'none named'}
              </Box>
            ),
          },
          { label: 'Caller', value: caller },
          ...(extra ?? []),
        ]}
      />
    </Container>
  );
}

/** The local stage: the agent line stands in for the PBX. */
function LocalLine() {
  const { apis } = useConsole();
  const queryClient = useQueryClient();
  const { notify } = useNotifications();
  const calls = useQuery({
    queryKey: ['routing', 'agent-line'],
    queryFn: () => must(apis.routing.GET('/simulator/agent-line/calls')),
    refetchInterval: 1000,
  });
  const act = useMutation({
    mutationFn: ({ callId, verb }: { callId: string; verb: 'answer' | 'decline' | 'hang-up' }) =>
      must(apis.routing.POST(`/simulator/agent-line/calls/{callId}/${verb}`, { params: { path: { callId } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['routing', 'agent-line'] }),
    onError: (error) => notify('error', 'The line refused that', toProblem(error).detail ?? toProblem(error).title),
  });
  const items = calls.data?.items ?? [];
  const ringing = items.filter((call) => call.state === 'ringing');
  const talking = items.filter((call) => call.state === 'talking');
  const ended = items.filter((call) => call.state === 'ended');
  const busy = (callId: string) => act.isPending && act.variables?.callId === callId;
  return (
    <SpaceBetween size="l">
      <Alert type="info" header="No PBX on the local stage">
        Calls the IVR bridges to an extension ring here, through the routing service's agent line, when the test call's bridge is set to “An agent
        answers on the Agent softphone page”. Answering completes the bridge; hanging up ends the call in the call simulator and the call log.
      </Alert>
      <StatusIndicator type={calls.isError ? 'error' : 'success'}>
        {calls.isError ? 'The agent line cannot be reached' : 'Online on the local agent line (all extensions)'}
      </StatusIndicator>
      {calls.isError && <LoadError error={calls.error} what="the agent line" />}
      {ringing.map((call) => (
        <CallCard
          key={call.callId}
          title={`Incoming call on ${call.extension}`}
          department={call.department}
          caller={call.from}
          extra={[{ label: 'Ringing since', value: formatDateTime(call.ringingSince) }]}
          actions={
            <>
              <Button onClick={() => act.mutate({ callId: call.callId, verb: 'decline' })} disabled={busy(call.callId)}>
                Decline
              </Button>
              <Button variant="primary" onClick={() => act.mutate({ callId: call.callId, verb: 'answer' })} loading={busy(call.callId)}>
                Answer
              </Button>
            </>
          }
        />
      ))}
      {talking.map((call) => (
        <CallCard
          key={call.callId}
          title={`In call on ${call.extension}`}
          department={call.department}
          caller={call.from}
          extra={[{ label: 'Answered', value: `${formatDateTime(call.answeredAt)} by ${call.answeredBy ?? '?'}` }]}
          actions={
            <Button variant="primary" onClick={() => act.mutate({ callId: call.callId, verb: 'hang-up' })} loading={busy(call.callId)}>
              Hang up
            </Button>
          }
        />
      ))}
      {ringing.length === 0 && talking.length === 0 && (
        <Container>
          <Box textAlign="center" color="text-status-inactive" padding="l">
            Waiting for calls. Place a test call on the Calls page with an agent answering.
          </Box>
        </Container>
      )}
      <Table
        items={ended}
        trackBy="callId"
        header={
          <Header counter={`(${ended.length})`} description="The last calls on this line.">
            Recent calls
          </Header>
        }
        empty={
          <Box textAlign="center" color="inherit">
            No calls yet
          </Box>
        }
        columnDefinitions={[
          { id: 'ringingSince', header: 'Rang', cell: (call) => formatDateTime(call.ringingSince) },
          { id: 'department', header: 'Department', isRowHeader: true, cell: (call) => call.department ?? '—' },
          { id: 'extension', header: 'Extension', cell: (call) => call.extension },
          { id: 'from', header: 'Caller', cell: (call) => call.from },
          { id: 'ending', header: 'How it ended', cell: (call) => (call.ending ? endings[call.ending] : '—') },
        ]}
      />
    </SpaceBetween>
  );
}

/** A deployed PBX: JsSIP over WSS. */
function SipLine({ config }: { config: SoftphoneConfig }) {
  const audio = useRef<HTMLAudioElement>(null);
  const phone = useRef<SipPhone | undefined>(undefined);
  const [password, setPassword] = useState('');
  const [status, setStatus] = useState<{ status: SipStatus; detail?: string }>({ status: 'offline' });
  const [call, setCall] = useState<SipIncoming>();
  useEffect(() => () => phone.current?.stop(), []);
  const online = status.status === 'online' || status.status === 'connecting';
  const indicator = { offline: 'stopped', connecting: 'loading', online: 'success', failed: 'error', disconnected: 'warning' } as const;
  return (
    <SpaceBetween size="l">
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          phone.current?.stop();
          setStatus({ status: 'connecting' });
          try {
            phone.current = await startSipPhone({
              config,
              password,
              audio: audio.current!,
              onStatus: (s, detail) => setStatus({ status: s, detail }),
              onCall: setCall,
            });
          } catch (error) {
            setStatus({ status: 'failed', detail: (error as Error).message });
          }
        }}
      >
        <Form
          actions={
            online ? (
              <Button formAction="none" onClick={() => phone.current?.stop()}>
                Go offline
              </Button>
            ) : (
              <Button variant="primary">Go online</Button>
            )
          }
        >
          <Container
            header={
              <Header variant="h2" description={`Registers ${config.sipUri} over ${config.wssUrl}.`}>
                PBX
              </Header>
            }
          >
            <SpaceBetween size="m">
              <FormField label="SIP password" description="The agents' SIP password, from the stage's Secrets Manager secret (ask an admin).">
                <Input type="password" value={password} disabled={online} onChange={({ detail }) => setPassword(detail.value)} />
              </FormField>
              <StatusIndicator type={indicator[status.status]}>
                {
                  {
                    offline: 'Offline',
                    connecting: 'Connecting…',
                    online: 'Online: waiting for calls',
                    failed: 'Sign-in failed',
                    disconnected: 'Disconnected from the PBX',
                  }[status.status]
                }
                {status.detail ? `: ${status.detail}` : ''}
              </StatusIndicator>
            </SpaceBetween>
          </Container>
        </Form>
      </form>
      {call && (
        <CallCard
          title={call.state === 'ringing' ? 'Incoming call' : 'In call'}
          department={call.department}
          caller={call.caller}
          actions={
            call.state === 'ringing' ? (
              <>
                <Button onClick={() => phone.current?.decline()}>Decline</Button>
                <Button variant="primary" onClick={() => phone.current?.answer()}>
                  Answer
                </Button>
              </>
            ) : (
              <Button variant="primary" onClick={() => phone.current?.hangUp()}>
                Hang up
              </Button>
            )
          }
        />
      )}
      {/* biome-ignore lint/a11y/useMediaCaption: a live call's remote audio has no captions to offer */}
      <audio ref={audio} autoPlay aria-label="Caller audio" />
    </SpaceBetween>
  );
}

export default function Softphone() {
  const { config, isLocal } = useConsole();
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description="Answer the calls the IVR routes to the agents, with the department the caller asked for.">
        Agent softphone
      </Header>
      {config.softphone ? (
        <SipLine config={config.softphone} />
      ) : isLocal ? (
        <LocalLine />
      ) : (
        <Alert type="info" header="No PBX on this stage">
          The softphone registers to the routing service's Asterisk PBX, which this stage does not deploy (stack config{' '}
          <Box variant="code">routing.pbx</Box>).
        </Alert>
      )}
    </SpaceBetween>
  );
}
