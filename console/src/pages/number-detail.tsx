import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import Textarea from '@cloudscape-design/components/textarea';
import { must } from '../api/clients.ts';
import { formErrors, toProblem } from '../api/problem.ts';
import type { components } from '../api/generated/forwarding.ts';
import { useConsole } from '../context.tsx';
import { LoadError, formatDateTime } from '../components/query-state.tsx';
import { useNotifications } from '../shell/notifications.tsx';
import { describeSchedule, switchIndicator } from './forwarding-shared.ts';

type ForwardSettings = components['schemas']['ForwardSettings'];

const callerIdOptions = [
  { value: 'original-caller', label: "The caller's number" },
  { value: 'forwarded-number', label: 'This number' },
];

function Json({ value }: { value: unknown }) {
  if (value === undefined || value === null) return <Box color="text-body-secondary">—</Box>;
  return (
    <Box variant="code">
      <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{JSON.stringify(value, null, 1)}</span>
    </Box>
  );
}

function ForwardEditor({ e164, forward }: { e164: string; forward: components['schemas']['Forward'] }) {
  const { apis } = useConsole();
  const queryClient = useQueryClient();
  const { notify } = useNotifications();
  const [destinations, setDestinations] = useState('');
  const [ring, setRing] = useState('25');
  const [callerId, setCallerId] = useState(callerIdOptions[0]!);
  const [enabled, setEnabled] = useState(true);
  const [message, setMessage] = useState('');
  useEffect(() => {
    setDestinations(forward?.destinations.map((d) => d.number).join('\n') ?? '');
    setRing(String(forward?.destinations[0]?.ringTimeoutSeconds ?? 25));
    setCallerId(callerIdOptions.find((o) => o.value === forward?.callerId) ?? callerIdOptions[0]!);
    setEnabled(forward?.enabled ?? true);
    setMessage(forward?.noAnswerMessage ?? '');
  }, [forward]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['forwarding'] });
  const save = useMutation({
    mutationFn: () => {
      const body: ForwardSettings = {
        destinations: destinations
          .split(/\n+/)
          .map((n) => n.trim())
          .filter(Boolean)
          .map((number) => ({ number, ringTimeoutSeconds: Number(ring) })),
        callerId: callerId.value as ForwardSettings['callerId'],
        enabled,
        screening: forward?.screening ?? false,
        // The schedule is kept as it is; owners edit it on the self-service page.
        schedule: (forward?.schedule ?? { mode: 'always' }) as ForwardSettings['schedule'],
        ...(message.trim() ? { noAnswerMessage: message.trim() } : {}),
      };
      return must(apis.forwarding.PUT('/numbers/{e164}/forward', { params: { path: { e164 } }, body }));
    },
    onSuccess: async (result) => {
      await refresh();
      notify('success', `Forward ${result.change}`, result.switch ? `Product switch ${result.switch.status}.` : undefined);
    },
  });
  const remove = useMutation({
    mutationFn: () => must(apis.forwarding.DELETE('/numbers/{e164}/forward', { params: { path: { e164 } } })),
    onSuccess: async () => {
      await refresh();
      notify('success', 'Forward removed');
    },
  });
  const errors = save.isError ? formErrors(toProblem(save.error), ['destinations', 'callerId', 'schedule', 'noAnswerMessage', 'enabled']) : undefined;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Form
        errorText={errors?.form.join(' ') || (remove.isError ? toProblem(remove.error).detail : undefined)}
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            {forward && (
              <Button formAction="none" loading={remove.isPending} onClick={() => remove.mutate()}>
                Remove forward
              </Button>
            )}
            <Button variant="primary" loading={save.isPending}>
              Save forward
            </Button>
          </SpaceBetween>
        }
      >
        <Container
          header={
            <Header
              variant="h2"
              description={
                forward
                  ? `Schedule: ${describeSchedule(forward.schedule)} · revision ${forward.revision} by ${forward.updatedBy}`
                  : 'No forward is set.'
              }
            >
              Forward
            </Header>
          }
        >
          <ColumnLayout columns={2}>
            <SpaceBetween size="m">
              <FormField label="Forward to" description="One number per line, tried in order." errorText={errors?.fields.destinations}>
                <Textarea rows={3} value={destinations} onChange={({ detail }) => setDestinations(detail.value)} />
              </FormField>
              <FormField label="Ring each for (seconds)" description="10–120.">
                <Input inputMode="numeric" value={ring} onChange={({ detail }) => setRing(detail.value)} />
              </FormField>
            </SpaceBetween>
            <SpaceBetween size="m">
              <FormField label="Show the called party" errorText={errors?.fields.callerId}>
                <Select
                  selectedOption={callerId}
                  options={callerIdOptions}
                  onChange={({ detail }) => setCallerId(callerIdOptions.find((o) => o.value === detail.selectedOption.value)!)}
                />
              </FormField>
              <FormField label="When nobody answers, say" errorText={errors?.fields.noAnswerMessage}>
                <Input value={message} onChange={({ detail }) => setMessage(detail.value)} />
              </FormField>
              <Checkbox checked={enabled} onChange={({ detail }) => setEnabled(detail.checked)}>
                Forwarding enabled
              </Checkbox>
            </SpaceBetween>
          </ColumnLayout>
        </Container>
      </Form>
    </form>
  );
}

export default function NumberDetail() {
  const { e164 = '' } = useParams();
  const { apis } = useConsole();
  const queryClient = useQueryClient();
  const { notify } = useNotifications();
  const [owner, setOwner] = useState('');
  const number = useQuery({
    queryKey: ['forwarding', 'numbers', e164],
    // A product-type switch runs in steps: follow it while it is under way.
    refetchInterval: (query) => (query.state.data?.switch && switchIndicator(query.state.data.switch.status) === 'in-progress' ? 2_000 : 10_000),
    queryFn: () => must(apis.forwarding.GET('/numbers/{e164}', { params: { path: { e164 } } })),
  });
  const history = useQuery({
    queryKey: ['forwarding', 'history', e164],
    refetchInterval: 10_000,
    queryFn: () => must(apis.forwarding.GET('/numbers/{e164}/history', { params: { path: { e164 }, query: { limit: 50 } } })),
  });
  useEffect(() => {
    setOwner(number.data?.owner ?? '');
  }, [number.data?.owner]);
  const assign = useMutation({
    mutationFn: () => must(apis.forwarding.PUT('/numbers/{e164}/owner', { params: { path: { e164 } }, body: { owner: owner.trim() } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['forwarding'] });
      notify('success', `${e164} assigned to ${owner.trim()}`);
    },
  });
  if (number.isPending) return <Spinner size="large" />;
  if (number.isError) return <LoadError error={number.error} what={e164} />;
  const n = number.data;
  return (
    <SpaceBetween size="l">
      <Header variant="h1">{n.phoneNumber}</Header>
      <Container header={<Header variant="h2">Number</Header>}>
        <KeyValuePairs
          columns={4}
          items={[
            { label: 'Product type', value: n.productType },
            { label: 'Status', value: n.status },
            { label: 'Voice Connector', value: n.voiceConnectorId ?? '—' },
            { label: 'SIP rule', value: n.sipRuleId ?? '—' },
            {
              label: 'Product switch',
              value: n.switch ? (
                <StatusIndicator type={switchIndicator(n.switch.status)}>
                  {n.switch.status}
                  {n.switch.error ? `: ${n.switch.error}` : ''}
                </StatusIndicator>
              ) : (
                'None'
              ),
            },
          ]}
        />
      </Container>
      <Container
        header={
          <Header variant="h2" description="The owner manages this number's forward on the self-service page.">
            Owner
          </Header>
        }
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            assign.mutate();
          }}
        >
          <SpaceBetween direction="horizontal" size="xs">
            <FormField errorText={assign.isError ? (toProblem(assign.error).issues?.[0]?.message ?? toProblem(assign.error).detail) : undefined}>
              <Input value={owner} placeholder="username" ariaLabel="Owner" onChange={({ detail }) => setOwner(detail.value)} />
            </FormField>
            <Button loading={assign.isPending}>Assign</Button>
          </SpaceBetween>
        </form>
      </Container>
      <ForwardEditor e164={e164} forward={n.forward} />
      {history.isError && <LoadError error={history.error} what="the audit history" />}
      <Table
        header={
          <Header variant="h2" description="Newest first: forward changes, assignments and every product-switch step, with what changed.">
            Audit history
          </Header>
        }
        items={history.data?.items ?? []}
        loading={history.isPending}
        trackBy="id"
        wrapLines
        empty={<Box textAlign="center">No changes recorded.</Box>}
        columnDefinitions={[
          { id: 'at', header: 'When', cell: (h) => formatDateTime(h.at) },
          { id: 'actor', header: 'Who', cell: (h) => h.actor },
          {
            id: 'action',
            header: 'What',
            isRowHeader: true,
            cell: (h) => `${h.action}${h.step ? ` · ${h.step}` : ''}${h.detail ? ` · ${h.detail}` : ''}`,
          },
          { id: 'before', header: 'Before', cell: (h) => <Json value={h.before} /> },
          { id: 'after', header: 'After', cell: (h) => <Json value={h.after} /> },
        ]}
      />
      {!n.forward && <Alert type="info">Set a forward above to route this number through the SIP media application.</Alert>}
    </SpaceBetween>
  );
}
