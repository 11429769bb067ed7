/**
 * Event log (local stage): every event on the in-process bus, newest first, live (polled), filterable by source,
 * detail type and text; the selected event's JSON with a Replay button; and a form to put an event as another
 * system would, checked against its contract by the stage before it reaches the bus.
 */
import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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
import Multiselect from '@cloudscape-design/components/multiselect';
import Pagination from '@cloudscape-design/components/pagination';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import Textarea from '@cloudscape-design/components/textarea';
import type { BusEvent, ContractSummary } from '../../api/local-tools.ts';
import { toProblem } from '../../api/problem.ts';
import { EmptyState, paginationLabels } from '../../components/table-helpers.tsx';
import { formatDateTime, LoadError } from '../../components/query-state.tsx';
import { useNotifications } from '../../shell/notifications.tsx';
import { correlationIdOf, eventFacets, filterEvents } from './event-filter.ts';
import { parseDataJson, putEventErrors, startingDocument } from './event-form.ts';
import { useLocalTools } from './use-local-tools.ts';

function PutEventForm({ contracts }: { contracts: ContractSummary[] }) {
  const tools = useLocalTools();
  const queryClient = useQueryClient();
  const { notify } = useNotifications();
  const options = contracts.map((contract) => ({
    value: contract.detailType,
    label: contract.detailType,
    description: `${contract.source} · ${contract.version}`,
  }));
  const initial = contracts.find((contract) => contract.detailType === 'CalloutRequested') ?? contracts[0];
  const [detailType, setDetailType] = useState(initial?.detailType ?? '');
  const [correlationId, setCorrelationId] = useState('');
  const [data, setData] = useState(() => startingDocument(detailType, initial?.jsonSchema));
  const [jsonError, setJsonError] = useState<string>();
  const put = useMutation({
    mutationFn: (value: unknown) =>
      tools.putEvent({ detailType, ...(correlationId.trim() ? { correlationId: correlationId.trim() } : {}), data: value }),
    onSuccess: (event) => {
      notify('success', `Put ${event['detail-type']} on the bus`, `Event ${event.id} from ${event.source}; it is at the top of the log below.`);
      void queryClient.invalidateQueries({ queryKey: ['local-tools', 'events'] });
    },
  });
  const errors = put.isError ? putEventErrors(toProblem(put.error)) : { fields: {}, form: [], dataIssues: [] };
  const selected = options.find((option) => option.value === detailType) ?? null;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = parseDataJson(data);
        setJsonError(parsed.ok ? undefined : parsed.message);
        if (parsed.ok) put.mutate(parsed.value);
        else put.reset();
      }}
    >
      <Form
        errorText={errors.form.join(' ') || undefined}
        actions={
          <Button variant="primary" loading={put.isPending}>
            Put event
          </Button>
        }
      >
        <Container
          header={
            <Header
              variant="h2"
              description="As another system would (PutEvents): the stage checks the data against the event's contract first and refuses it with every issue."
            >
              Put an event
            </Header>
          }
        >
          <SpaceBetween size="m">
            <ColumnLayout columns={2}>
              <FormField label="Event" description="The contract: its source and detail type." errorText={errors.fields.detailType}>
                <Select
                  selectedOption={selected}
                  options={options}
                  filteringType="auto"
                  onChange={({ detail }) => {
                    const next = detail.selectedOption.value ?? '';
                    setDetailType(next);
                    setData(startingDocument(next, contracts.find((contract) => contract.detailType === next)?.jsonSchema));
                    put.reset();
                    setJsonError(undefined);
                  }}
                />
              </FormField>
              <FormField label="Correlation id" description="Optional; a console-… id when empty." errorText={errors.fields.correlationId}>
                <Input value={correlationId} onChange={({ detail }) => setCorrelationId(detail.value)} />
              </FormField>
            </ColumnLayout>
            <FormField
              label="Data"
              description="The event's data as JSON (the stage adds the metadata)."
              errorText={jsonError ?? errors.fields.data}
              stretch
            >
              <Textarea rows={12} value={data} spellcheck={false} onChange={({ detail }) => setData(detail.value)} />
            </FormField>
            {errors.dataIssues.length > 0 && (
              <Table
                variant="embedded"
                header={<Header variant="h3">Issues against the contract</Header>}
                items={errors.dataIssues}
                columnDefinitions={[
                  { id: 'path', header: 'Field', isRowHeader: true, cell: (issue) => <Box variant="code">{issue.path}</Box> },
                  { id: 'message', header: 'Problem', cell: (issue) => issue.message },
                ]}
              />
            )}
          </SpaceBetween>
        </Container>
      </Form>
    </form>
  );
}

function EventDetail({ event }: { event: BusEvent }) {
  const tools = useLocalTools();
  const queryClient = useQueryClient();
  const { notify } = useNotifications();
  const replay = useMutation({
    mutationFn: () => tools.replay(event.id),
    onSuccess: (copy) => {
      notify('success', `Replayed ${copy['detail-type']}`, `New event ${copy.id}, same detail (consumers deduplicate on its metadata id).`);
      void queryClient.invalidateQueries({ queryKey: ['local-tools', 'events'] });
    },
    onError: (error) => notify('error', 'Replay failed', toProblem(error).detail ?? toProblem(error).title),
  });
  return (
    <Container
      header={
        <Header
          variant="h2"
          description={`${event.source} · ${formatDateTime(event.time)}${event['replay-name'] ? ' · replayed' : ''}`}
          actions={
            <Button onClick={() => replay.mutate()} loading={replay.isPending}>
              Replay
            </Button>
          }
        >
          {event['detail-type']} {event.id.slice(0, 8)}
        </Header>
      }
    >
      <pre tabIndex={0} role="region" aria-label="Event JSON" style={{ margin: 0, maxHeight: 360, overflow: 'auto', fontSize: 12 }}>
        {JSON.stringify(event, null, 2)}
      </pre>
    </Container>
  );
}

export default function EventLog() {
  const tools = useLocalTools();
  const events = useQuery({ queryKey: ['local-tools', 'events'], queryFn: () => tools.events(), refetchInterval: 1500 });
  const contracts = useQuery({ queryKey: ['local-tools', 'contracts'], queryFn: () => tools.contracts(), staleTime: Infinity });
  const [sources, setSources] = useState<string[]>([]);
  const [detailTypes, setDetailTypes] = useState<string[]>([]);
  const [selectedId, setSelectedId] = useState<string>();
  const all = events.data?.items ?? [];
  const facets = useMemo(() => eventFacets(all), [all]);
  const filtered = useMemo(() => filterEvents(all, { sources, detailTypes, text: '' }), [all, sources, detailTypes]);
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(filtered, {
    filtering: {
      empty: <EmptyState title="No events yet" subtitle="Place a test call, put an event above, or wait for the device simulator." />,
      noMatch: <EmptyState title="No event matches the filters" />,
      filteringFunction: (event, text) => filterEvents([event], { sources: [], detailTypes: [], text }).length > 0,
    },
    pagination: { pageSize: 15 },
  });
  const selected = all.find((event) => event.id === selectedId);
  const toOptions = (entries: [string, number][]) => entries.map(([value, count]) => ({ value, label: value, tags: [`${count}`] }));
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description="Every event on the local bus, as EventBridge would deliver it to a rule target. Local stage only.">
        Event log
      </Header>
      {contracts.isError ? (
        <LoadError error={contracts.error} what="the event contracts" />
      ) : (
        contracts.data && <PutEventForm contracts={contracts.data.items} />
      )}
      {events.isError && <LoadError error={events.error} what="the event log" />}
      {(events.data?.deadLetters.length ?? 0) > 0 && (
        <ExpandableSection headerText={`Dead letters (${events.data!.deadLetters.length})`} variant="container">
          <SpaceBetween size="xs">
            {events.data!.deadLetters.map((letter) => (
              <Alert key={`${letter.subscription}-${letter.eventId}`} type="warning" header={`${letter.subscription}: event ${letter.eventId}`}>
                {letter.error} (after {letter.attempts} attempts)
              </Alert>
            ))}
          </SpaceBetween>
        </ExpandableSection>
      )}
      <Table
        {...collectionProps}
        items={items}
        loading={events.isPending}
        loadingText="Loading events"
        trackBy="id"
        selectionType="single"
        selectedItems={selected ? [selected] : []}
        onSelectionChange={({ detail }) => setSelectedId(detail.selectedItems[0]?.id)}
        ariaLabels={{
          itemSelectionLabel: (_, event) => `${event['detail-type']} ${event.id}`,
          selectionGroupLabel: 'Events',
          allItemsSelectionLabel: () => 'All events',
        }}
        header={
          <Header
            counter={filteredItemsCount === all.length ? `(${all.length})` : `(${filteredItemsCount}/${all.length})`}
            description="Newest first, refreshed every 1.5 s. Select an event to see its JSON and replay it."
          >
            Events
          </Header>
        }
        filter={
          <SpaceBetween direction="horizontal" size="xs">
            <TextFilter {...filterProps} filteringPlaceholder="Find in the JSON" filteringAriaLabel="Find events" />
            <Multiselect
              selectedOptions={toOptions(facets.sources).filter((option) => sources.includes(option.value))}
              options={toOptions(facets.sources)}
              placeholder="Source"
              deselectAriaLabel={(option) => `Remove ${option.label ?? option.value}`}
              ariaLabel="Filter by source"
              onChange={({ detail }) => setSources(detail.selectedOptions.map((option) => option.value!))}
            />
            <Multiselect
              selectedOptions={toOptions(facets.detailTypes).filter((option) => detailTypes.includes(option.value))}
              options={toOptions(facets.detailTypes)}
              placeholder="Detail type"
              deselectAriaLabel={(option) => `Remove ${option.label ?? option.value}`}
              ariaLabel="Filter by detail type"
              onChange={({ detail }) => setDetailTypes(detail.selectedOptions.map((option) => option.value!))}
            />
          </SpaceBetween>
        }
        pagination={<Pagination {...paginationProps} ariaLabels={paginationLabels} />}
        columnDefinitions={[
          { id: 'time', header: 'Time', cell: (event) => formatDateTime(event.time) },
          {
            id: 'detailType',
            header: 'Detail type',
            isRowHeader: true,
            cell: (event) => event['detail-type'] + (event['replay-name'] ? ' (replay)' : ''),
          },
          { id: 'source', header: 'Source', cell: (event) => event.source },
          { id: 'correlationId', header: 'Correlation id', cell: (event) => correlationIdOf(event) ?? '—' },
          { id: 'id', header: 'Event id', cell: (event) => <Box variant="code">{event.id.slice(0, 8)}</Box> },
        ]}
      />
      {selected && <EventDetail event={selected} />}
    </SpaceBetween>
  );
}
