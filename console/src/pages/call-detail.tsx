import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { must } from '../api/clients.ts';
import { useConsole } from '../context.tsx';
import { LoadError, formatDateTime } from '../components/query-state.tsx';

const eventTitles: Record<string, string> = {
  CallRouted: 'Routed',
  CallRoutingFailed: 'Routing step failed',
  SmsDeflectionRequested: 'Offered to continue by text',
};

function describeData(data: unknown): string {
  if (!data || typeof data !== 'object') return String(data ?? '');
  return Object.entries(data as Record<string, unknown>)
    .filter(([key]) => key !== 'callId')
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(' · ');
}

export default function CallDetail() {
  const { callId = '' } = useParams();
  const { apis } = useConsole();
  const call = useQuery({
    queryKey: ['routing', 'calls', callId],
    // Events arrive on the bus after the handler answers: poll briefly so a fresh call fills in.
    refetchInterval: (query) => ((query.state.data?.events.length ?? 0) === 0 ? 2_000 : false),
    queryFn: () => must(apis.routing.GET('/calls/{callId}', { params: { path: { callId } } })),
  });
  if (call.isPending) return <Spinner size="large" />;
  if (call.isError) return <LoadError error={call.error} what={`call ${callId}`} />;
  const events = [...call.data.events].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const failed = events.some((event) => event.detailType === 'CallRoutingFailed');
  return (
    <SpaceBetween size="l">
      <Header variant="h1">Call {callId}</Header>
      <Container header={<Header variant="h2">Summary</Header>}>
        <KeyValuePairs
          columns={3}
          items={[
            { label: 'Outcome', value: <StatusIndicator type={failed ? 'warning' : 'success'}>{call.data.outcome}</StatusIndicator> },
            { label: 'First event', value: formatDateTime(events[0]?.occurredAt) },
            { label: 'Events', value: String(events.length) },
          ]}
        />
      </Container>
      <Table
        header={
          <Header variant="h2" description="In order, from the events routing published about this call.">
            Timeline
          </Header>
        }
        items={events}
        trackBy="eventId"
        empty={<Box textAlign="center">No events recorded for this call yet.</Box>}
        columnDefinitions={[
          { id: 'at', header: 'When', cell: (event) => formatDateTime(event.occurredAt) },
          { id: 'what', header: 'What', isRowHeader: true, cell: (event) => eventTitles[event.detailType] ?? event.detailType },
          { id: 'detail', header: 'Detail', cell: (event) => describeData(event.data) },
        ]}
      />
    </SpaceBetween>
  );
}
