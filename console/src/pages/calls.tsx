import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
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
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import Textarea from '@cloudscape-design/components/textarea';
import { must } from '../api/clients.ts';
import { formErrors, toProblem } from '../api/problem.ts';
import type { components } from '../api/generated/routing.ts';
import { callRanges, rangeBounds, TokenPages, type CallRange } from './call-list.ts';
import { useCan, useConsole } from '../context.tsx';
import { EmptyState, paginationLabels } from '../components/table-helpers.tsx';
import { LoadError, formatDateTime } from '../components/query-state.tsx';

type SimulatedCall = components['schemas']['SimulatedCall'];
type CallOutcome = components['schemas']['CallSummary']['outcome'];
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
      const turns = say
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
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
        <Container
          header={
            <Header variant="h2" description="Local stage: the call simulator drives the real SIP media application handler and the bot.">
              Place a test call
            </Header>
          }
        >
          <ColumnLayout columns={2}>
            <SpaceBetween size="m">
              <FormField label="Caller number" errorText={errors.fields.from}>
                <Input value={from} onChange={({ detail }) => setFrom(detail.value)} />
              </FormField>
              <FormField label="Number dialled" errorText={errors.fields.to}>
                <Input value={to} onChange={({ detail }) => setTo(detail.value)} />
              </FormField>
              <FormField label="What the bridge meets" errorText={errors.fields.bridge}>
                <Select
                  selectedOption={scenario}
                  options={bridgeScenarios}
                  onChange={({ detail }) => setScenario(bridgeScenarios.find((s) => s.value === detail.selectedOption.value)!)}
                />
              </FormField>
            </SpaceBetween>
            <SpaceBetween size="m">
              <FormField label="The caller says" description="One line per turn, e.g. a department name." errorText={errors.fields.say}>
                <Textarea rows={2} value={say} onChange={({ detail }) => setSay(detail.value)} />
              </FormField>
              <FormField label="Or presses keys" description="Instead of speech, e.g. 3." errorText={errors.fields.digits}>
                <Input value={digits} onChange={({ detail }) => setDigits(detail.value)} />
              </FormField>
              <FormField
                label="Answer to a text offer"
                description="Key pressed if offered to continue by SMS (empty: no answer)."
                errorText={errors.fields.smsOfferKey}
              >
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
  // biome-ignore lint/correctness/useExhaustiveDependencies: the call id is the trigger, not an input
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
                  {turn.event.detail ? ` · ${turn.event.detail}` : ''} →{' '}
                  {turn.actions.map((a) => String(a.Type ?? a.type ?? '?')).join(', ') || 'no action'}
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

const outcomeLabels: Record<CallOutcome, string> = {
  routed: 'Routed',
  deflected: 'Continued by text',
  'deflection-failed': 'Text offer failed',
  ended: 'Ended before routing',
  failed: 'Failed',
  unknown: 'Unknown',
};
const outcomeStatus: Record<CallOutcome, StatusIndicatorProps.Type> = {
  routed: 'success',
  deflected: 'info',
  'deflection-failed': 'warning',
  ended: 'stopped',
  failed: 'error',
  unknown: 'pending',
};
const anyOption = (label: string) => ({ value: '', label });

/** The call log (routing's `GET /calls`): filtered by time, department and outcome, paged by the API's nextToken. */
function CallLog({ placed }: { placed: number }) {
  const { apis } = useConsole();
  const navigate = useNavigate();
  const [range, setRange] = useState<CallRange>('24h');
  const [department, setDepartment] = useState('');
  const [outcome, setOutcome] = useState<CallOutcome | ''>('');
  const [page, setPage] = useState(1);
  const pagesRef = useRef(new TokenPages());
  // A new filter (or a new test call) starts again at page 1.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the filters are the trigger, not inputs
  useEffect(() => {
    pagesRef.current = new TokenPages();
    setPage(1);
  }, [range, department, outcome, placed]);
  const departments = useQuery({
    queryKey: ['routing', 'departments'],
    queryFn: () => must(apis.routing.GET('/departments')),
  });
  const calls = useQuery({
    queryKey: ['routing', 'calls', 'list', range, department, outcome, placed, page],
    // The log is written from the bus after the call: a fresh test call shows up within a poll or two.
    refetchInterval: page === 1 ? 5_000 : false,
    queryFn: async () => {
      const result = await must(
        apis.routing.GET('/calls', {
          params: {
            query: {
              ...rangeBounds(range, new Date()),
              ...(department ? { department } : {}),
              ...(outcome ? { outcome } : {}),
              limit: 20,
              ...(pagesRef.current.tokenFor(page) ? { nextToken: pagesRef.current.tokenFor(page) } : {}),
            },
          },
        }),
      );
      pagesRef.current.record(page, result.nextToken);
      return result;
    },
    placeholderData: (previous) => previous,
  });
  const departmentOptions = [anyOption('Any department'), ...(departments.data?.items ?? []).map((d) => ({ value: d.name, label: d.name }))];
  const outcomeOptions = [anyOption('Any outcome'), ...Object.entries(outcomeLabels).map(([value, label]) => ({ value, label }))];
  const rangeOption = callRanges.find((r) => r.value === range)!;
  if (calls.isError && toProblem(calls.error).status === 403) return <LoadError error={calls.error} what="the call log" />;
  const items = calls.data?.items ?? [];
  return (
    <Table
      items={items}
      loading={calls.isPending}
      loadingText="Loading calls"
      trackBy="callId"
      variant="container"
      wrapLines
      header={
        <Header
          counter={calls.data ? `(${items.length}${pagesRef.current.hasMore() ? '+' : ''})` : undefined}
          description="Every call routing handled, newest first (routing's call log)."
          actions={<CallLookup />}
        >
          Call log
        </Header>
      }
      filter={
        <SpaceBetween direction="horizontal" size="xs">
          <Select
            ariaLabel="Time range"
            selectedOption={rangeOption}
            options={callRanges.map((r) => ({ value: r.value, label: r.label }))}
            onChange={({ detail }) => setRange(detail.selectedOption.value as CallRange)}
          />
          <Select
            ariaLabel="Department"
            selectedOption={departmentOptions.find((o) => o.value === department) ?? departmentOptions[0]!}
            options={departmentOptions}
            statusType={departments.isPending ? 'loading' : 'finished'}
            onChange={({ detail }) => setDepartment(detail.selectedOption.value ?? '')}
          />
          <Select
            ariaLabel="Outcome"
            selectedOption={outcomeOptions.find((o) => o.value === outcome) ?? outcomeOptions[0]!}
            options={outcomeOptions}
            onChange={({ detail }) => setOutcome((detail.selectedOption.value ?? '') as CallOutcome | '')}
          />
        </SpaceBetween>
      }
      pagination={
        <Pagination
          currentPageIndex={page}
          pagesCount={pagesRef.current.pagesKnown()}
          openEnd={pagesRef.current.hasMore()}
          ariaLabels={paginationLabels}
          onChange={({ detail }) => setPage(detail.currentPageIndex)}
        />
      }
      empty={
        calls.isError ? (
          <LoadError error={calls.error} what="the call log" />
        ) : (
          <EmptyState title="No calls" subtitle="No call in this range matches the filters." />
        )
      }
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
        { id: 'startedAt', header: 'Started', cell: (call) => formatDateTime(call.startedAt) },
        { id: 'department', header: 'Department', cell: (call) => call.department ?? '—' },
        {
          id: 'outcome',
          header: 'Outcome',
          minWidth: 150,
          cell: (call) => <StatusIndicator type={outcomeStatus[call.outcome]}>{outcomeLabels[call.outcome]}</StatusIndicator>,
        },
        { id: 'detail', header: 'What happened', cell: (call) => call.outcomeText },
        { id: 'caller', header: 'Caller', cell: (call) => call.callerNumber ?? '—' },
      ]}
    />
  );
}

/** Any call by its id (e.g. from a log line or a colleague). */
function CallLookup() {
  const navigate = useNavigate();
  const [lookup, setLookup] = useState('');
  return (
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
  );
}

export default function Calls() {
  const { isLocal } = useConsole();
  const canPlace = useCan('placeTestCall') && isLocal;
  const canRead = useCan('readCalls');
  const [lastCall, setLastCall] = useState<SimulatedCall>();
  const [placed, setPlaced] = useState(0);
  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description="What happened on each call: what the caller said or keyed, where it was routed, each bridge attempt and the outcome."
      >
        Calls
      </Header>
      {canRead ? (
        <CallLog placed={placed} />
      ) : (
        <Alert type="info" header="The call log needs the admin, supervisor or agent role">
          Callers' numbers are in it. Test calls you place still show their transcript below.
        </Alert>
      )}
      {canPlace && (
        <TestCallForm
          onPlaced={(call) => {
            setLastCall(call);
            setPlaced((n) => n + 1);
          }}
        />
      )}
      {lastCall && <Transcript call={lastCall} />}
      {!canPlace && isLocal && <Alert type="info">Placing test calls needs the admin, supervisor, routing-editor or agent role.</Alert>}
    </SpaceBetween>
  );
}
