import { useEffect, useRef, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useCollection } from '@cloudscape-design/collection-hooks';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Link from '@cloudscape-design/components/link';
import Pagination from '@cloudscape-design/components/pagination';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import Textarea from '@cloudscape-design/components/textarea';
import { must } from '../api/clients.ts';
import { formErrors, toProblem } from '../api/problem.ts';
import type { components } from '../api/generated/routing.ts';
import { useCan, useConsole } from '../context.tsx';
import { EmptyState, paginationLabels } from '../components/table-helpers.tsx';
import { formatDateTime } from '../components/query-state.tsx';
import { recentCalls, rememberCall, type RecentCall } from './recent-calls.ts';

type SimulatedCall = components['schemas']['SimulatedCall'];
type Bridge = 'answer' | 'busy' | 'no-answer' | 'agent';

const bridgeScenarios: { value: string; label: string; bridge: Bridge[] }[] = [
  { value: 'answer', label: 'The department answers', bridge: ['answer'] },
  { value: 'busy-answer', label: 'Busy, then the overflow answers', bridge: ['busy', 'answer'] },
  { value: 'no-answer', label: 'Nobody answers anywhere', bridge: ['no-answer', 'no-answer', 'no-answer'] },
  { value: 'busy-all', label: 'Every line is busy', bridge: ['busy', 'busy', 'busy'] },
  { value: 'agent', label: 'An agent answers on the Agent softphone page', bridge: ['agent', 'answer', 'answer'] },
];

export function describeSimulatedOutcome(outcome: Record<string, unknown>): string {
  if (outcome.kind === 'bridged') {
    const endpoint = outcome.endpoint as { type?: string; uri?: string } | undefined;
    return `Bridged to ${endpoint?.uri ?? '?'} (${endpoint?.type ?? '?'}), ended by the ${String(outcome.endedBy ?? 'caller')}`;
  }
  if (outcome.kind === 'hung-up') return `Hung up by the ${String(outcome.by)}`;
  if (outcome.kind === 'silence') return `Left in silence after ${String(outcome.after)}`;
  const parts = Object.entries(outcome)
    .filter(([, value]) => value !== undefined && value !== null && typeof value !== 'object')
    .map(([key, value]) => `${key}: ${String(value)}`);
  return parts.join(', ') || JSON.stringify(outcome);
}

function TestCallForm({ onPlaced }: { onPlaced: (call: SimulatedCall, request: { from: string; say: string }) => void }) {
  const { apis } = useConsole();
  const [from, setFrom] = useState('+14155550123');
  const [to, setTo] = useState('+18005550100');
  const [say, setSay] = useState('history');
  const [digits, setDigits] = useState('');
  const [smsOfferKey, setSmsOfferKey] = useState('');
  const [scenario, setScenario] = useState(bridgeScenarios[0]!);
  const fields = ['from', 'to', 'say', 'digits', 'smsOfferKey', 'bridge'];
  const place = useMutation({
    mutationFn: () => {
      const turns = say.split('\n').map((line) => line.trim()).filter(Boolean);
      return must(
        apis.routing.POST('/simulator/calls', {
          body: {
            from: from.trim(),
            to: to.trim(),
            ...(turns.length > 0 ? { say: turns } : {}),
            ...(digits.trim() ? { digits: digits.trim().split(/\s+/) } : {}),
            ...(smsOfferKey.trim() ? { smsOfferKey: smsOfferKey.trim() } : {}),
            bridge: scenario.bridge,
          },
        }),
      );
    },
    onSuccess: (call) => onPlaced(call, { from, say: say.split('\n').filter(Boolean).join(' / ') || digits }),
  });
  const errors = place.isError ? formErrors(toProblem(place.error), fields) : { fields: {} as Record<string, string>, form: [] as string[] };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        place.mutate();
      }}
    >
      <Form
        errorText={errors.form.join(' ') || undefined}
        actions={
          <Button variant="primary" loading={place.isPending}>
            Place test call
          </Button>
        }
      >
        <Container header={<Header variant="h2" description="Local stage: the call simulator drives the real SIP media application handler and the bot.">Place a test call</Header>}>
          <ColumnLayout columns={2}>
            <SpaceBetween size="m">
              <FormField label="Caller number" errorText={errors.fields.from}>
                <Input value={from} onChange={({ detail }) => setFrom(detail.value)} />
              </FormField>
              <FormField label="Number dialled" errorText={errors.fields.to}>
                <Input value={to} onChange={({ detail }) => setTo(detail.value)} />
              </FormField>
              <FormField label="What the bridge meets" errorText={errors.fields.bridge}>
                <Select selectedOption={scenario} options={bridgeScenarios} onChange={({ detail }) => setScenario(bridgeScenarios.find((s) => s.value === detail.selectedOption.value)!)} />
              </FormField>
            </SpaceBetween>
            <SpaceBetween size="m">
              <FormField label="The caller says" description="One line per turn, e.g. a department name." errorText={errors.fields.say}>
                <Textarea rows={2} value={say} onChange={({ detail }) => setSay(detail.value)} />
              </FormField>
              <FormField label="Or presses keys" description="Instead of speech, e.g. 3." errorText={errors.fields.digits}>
                <Input value={digits} onChange={({ detail }) => setDigits(detail.value)} />
              </FormField>
              <FormField label="Answer to a text offer" description="Key pressed if offered to continue by SMS (empty: no answer)." errorText={errors.fields.smsOfferKey}>
                <Input value={smsOfferKey} onChange={({ detail }) => setSmsOfferKey(detail.value)} />
              </FormField>
            </SpaceBetween>
          </ColumnLayout>
        </Container>
      </Form>
    </form>
  );
}

function Transcript({ call }: { call: SimulatedCall }) {
  const navigate = useNavigate();
  const top = useRef<HTMLDivElement>(null);
  // A new call's transcript is what the user wants to read next: bring it into view. (Braces: newer
  // browsers return a promise from scrollIntoView, which React would take for a cleanup function.)
  useEffect(() => {
    void top.current?.scrollIntoView({ block: 'start' });
  }, [call.callId]);
  return (
    <div ref={top}>
    <Container
      header={
        <Header
          variant="h2"
          description={describeSimulatedOutcome(call.outcome)}
          actions={<Button onClick={() => navigate(`/calls/${encodeURIComponent(call.callId)}`)}>Open call {call.callId.slice(0, 8)}</Button>}
        >
          Test call transcript
        </Header>
      }
    >
      <SpaceBetween size="xs">
        {call.heard.map((line, index) => (
          <Box key={index}>
            <Box variant="span" color="text-status-info" fontWeight="bold">
              Caller hears:{' '}
            </Box>
            {line}
          </Box>
        ))}
        <ExpandableSection headerText={`Handler turns (${call.transcript.length})`}>
          <SpaceBetween size="xs">
            {call.transcript.map((turn) => (
              <Box key={turn.sequence} variant="code">
                {turn.sequence}. {turn.event.type}
                {turn.event.action ? ` · ${turn.event.action}` : ''}
                {turn.event.detail ? ` · ${turn.event.detail}` : ''} → {turn.actions.map((a) => String(a.Type ?? a.type ?? '?')).join(', ') || 'no action'}
                {turn.notes.length > 0 ? ` (${turn.notes.join('; ')})` : ''}
              </Box>
            ))}
          </SpaceBetween>
        </ExpandableSection>
      </SpaceBetween>
    </Container>
    </div>
  );
}

export default function Calls() {
  const { isLocal } = useConsole();
  const canPlace = useCan('placeTestCall') && isLocal;
  const navigate = useNavigate();
  const [calls, setCalls] = useState<RecentCall[]>(() => recentCalls());
  const [lastCall, setLastCall] = useState<SimulatedCall>();
  const [lookup, setLookup] = useState('');
  const { items, collectionProps, filterProps, paginationProps } = useCollection(calls, {
    filtering: {
      empty: <EmptyState title="No calls yet" subtitle={canPlace ? 'Place a test call above, or find a call by its id.' : 'Find a call by its id.'} />,
      noMatch: <EmptyState title="No match" />,
    },
    sorting: { defaultState: { sortingColumn: { sortingField: 'at' }, isDescending: true } },
    pagination: { pageSize: 10 },
  });
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description="What happened on each call: what the caller said or keyed, where it was routed, each bridge attempt and the outcome.">
        Calls
      </Header>
      {canPlace && (
        <TestCallForm
          onPlaced={(call, request) => {
            setLastCall(call);
            setCalls(rememberCall({ callId: call.callId, at: new Date().toISOString(), from: request.from, said: request.say, outcome: describeSimulatedOutcome(call.outcome) }));
          }}
        />
      )}
      {lastCall && <Transcript call={lastCall} />}
      <Table
        {...collectionProps}
        items={items}
        trackBy="callId"
        header={
          <Header
            counter={`(${calls.length})`}
            description="Calls placed or opened in this browser. Any other call opens by its id."
            actions={
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  if (lookup.trim()) navigate(`/calls/${encodeURIComponent(lookup.trim())}`);
                }}
              >
                <SpaceBetween direction="horizontal" size="xs">
                  <Input value={lookup} placeholder="Call id" ariaLabel="Call id" onChange={({ detail }) => setLookup(detail.value)} />
                  <Button>Open</Button>
                </SpaceBetween>
              </form>
            }
          >
            Recent calls
          </Header>
        }
        filter={<TextFilter {...filterProps} filteringPlaceholder="Find calls" filteringAriaLabel="Filter calls" />}
        pagination={<Pagination {...paginationProps} ariaLabels={paginationLabels} />}
        columnDefinitions={[
          {
            id: 'callId',
            header: 'Call',
            isRowHeader: true,
            cell: (call) => (
              <Link
                href={`/calls/${encodeURIComponent(call.callId)}`}
                onFollow={(event) => {
                  event.preventDefault();
                  navigate(`/calls/${encodeURIComponent(call.callId)}`);
                }}
              >
                {call.callId}
              </Link>
            ),
          },
          { id: 'at', header: 'When', sortingField: 'at', cell: (call) => formatDateTime(call.at) },
          { id: 'from', header: 'From', cell: (call) => call.from ?? '—' },
          { id: 'said', header: 'Caller said', cell: (call) => call.said ?? '—' },
          { id: 'outcome', header: 'Outcome', cell: (call) => call.outcome ?? '—' },
        ]}
      />
      {!canPlace && isLocal && <Alert type="info">Placing test calls needs the admin, supervisor, routing-editor or agent role.</Alert>}
    </SpaceBetween>
  );
}
