/** Incidents: every incident by severity and state, newest first, with where its calls stand. */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useCollection } from '@cloudscape-design/collection-hooks';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import Pagination from '@cloudscape-design/components/pagination';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { must } from '../api/clients.ts';
import { useConsole } from '../context.tsx';
import { EmptyState, paginationLabels } from '../components/table-helpers.tsx';
import { LoadError, formatDateTime } from '../components/query-state.tsx';
import { escalationState, severityIndicator, severityOrder, statusIndicator } from './incidents-shared.ts';

const anyState = { value: '', label: 'Any state' };
const anySeverity = { value: '', label: 'Any severity' };
const stateOptions: SelectProps.Option[] = [
  anyState,
  ...(['open', 'acknowledged', 'unreached', 'resolved'] as const).map((s) => ({ value: s, label: statusIndicator(s).label })),
];
const severityOptions: SelectProps.Option[] = [
  anySeverity,
  ...(['critical', 'warning', 'info'] as const).map((s) => ({ value: s, label: severityIndicator(s).label })),
];

export default function Incidents() {
  const { apis } = useConsole();
  const navigate = useNavigate();
  const [state, setState] = useState<SelectProps.Option>(anyState);
  const [severity, setSeverity] = useState<SelectProps.Option>(anySeverity);
  const incidents = useQuery({
    queryKey: ['iot', 'incidents', 'all'],
    refetchInterval: 5_000,
    queryFn: () => must(apis.iot.GET('/incidents', { params: { query: { limit: 200 } } })),
  });
  const devices = useQuery({ queryKey: ['iot', 'devices'], queryFn: () => must(apis.iot.GET('/devices')) });
  const contacts = new Map((devices.data?.items ?? []).map((d) => [d.deviceId, d.contacts.length]));
  const rows = (incidents.data?.items ?? [])
    .filter((i) => !state.value || i.status === state.value)
    .filter((i) => !severity.value || i.severity === severity.value)
    .map((i) => ({ ...i, severityRank: severityOrder[i.severity] }));
  const { items, collectionProps, filterProps, filteredItemsCount, paginationProps } = useCollection(rows, {
    filtering: {
      empty: <EmptyState title="No incidents" subtitle="A device error or a detected anomaly opens one." />,
      noMatch: <EmptyState title="No incident matches" />,
    },
    sorting: { defaultState: { sortingColumn: { sortingField: 'openedAt' }, isDescending: true } },
    pagination: { pageSize: 20 },
  });
  if (incidents.isError) return <LoadError error={incidents.error} what="incidents" />;
  return (
    <Table
      {...collectionProps}
      variant="full-page"
      header={
        <Header
          variant="h1"
          counter={`(${rows.length})`}
          description="Opened by device errors and detected anomalies; the runbook's actions run by themselves."
        >
          Incidents
        </Header>
      }
      loading={incidents.isPending}
      loadingText="Loading incidents"
      items={items}
      trackBy="incidentId"
      pagination={<Pagination {...paginationProps} ariaLabels={paginationLabels} />}
      filter={
        <SpaceBetween direction="horizontal" size="s">
          <TextFilter
            {...filterProps}
            filteringPlaceholder="Find by device, code or fault"
            filteringAriaLabel="Filter incidents"
            countText={`${filteredItemsCount ?? 0} matches`}
          />
          <Select selectedOption={state} options={stateOptions} onChange={({ detail }) => setState(detail.selectedOption)} ariaLabel="State" />
          <Select
            selectedOption={severity}
            options={severityOptions}
            onChange={({ detail }) => setSeverity(detail.selectedOption)}
            ariaLabel="Severity"
          />
        </SpaceBetween>
      }
      columnDefinitions={[
        {
          id: 'incident',
          header: 'Incident',
          isRowHeader: true,
          sortingField: 'code',
          cell: (i) => (
            <Link
              href={`/incidents/${i.incidentId}`}
              onFollow={(e) => {
                e.preventDefault();
                navigate(`/incidents/${i.incidentId}`);
              }}
            >{`${i.code} ${i.fault} on ${i.deviceId}`}</Link>
          ),
        },
        {
          id: 'severity',
          header: 'Severity',
          minWidth: 120,
          sortingField: 'severityRank',
          cell: (i) => <StatusIndicator type={severityIndicator(i.severity).type}>{severityIndicator(i.severity).label}</StatusIndicator>,
        },
        {
          id: 'status',
          header: 'State',
          sortingField: 'status',
          cell: (i) => <StatusIndicator type={statusIndicator(i.status).type}>{statusIndicator(i.status).label}</StatusIndicator>,
        },
        { id: 'escalation', header: 'Escalation', cell: (i) => escalationState(i, contacts.get(i.deviceId)) },
        { id: 'opened', header: 'Opened', sortingField: 'openedAt', cell: (i) => formatDateTime(i.openedAt) },
        { id: 'repeats', header: 'Repeats', sortingField: 'repeats', cell: (i) => String(i.repeats) },
      ]}
    />
  );
}
