/**
 * MQTT monitor (local stage): the device traffic on the local broker, read-only — the stage server watches it as
 * the observer identity (`switchboard-observer`, which the device policy lets subscribe and never publish).
 */
import { useQuery } from '@tanstack/react-query';
import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { EmptyState, paginationLabels } from '../../components/table-helpers.tsx';
import { LoadError } from '../../components/query-state.tsx';
import { useLocalTools } from './use-local-tools.ts';

export default function MqttMonitor() {
  const tools = useLocalTools();
  const monitor = useQuery({ queryKey: ['local-tools', 'mqtt'], queryFn: () => tools.mqtt(), refetchInterval: 1500 });
  const messages = monitor.data?.items ?? [];
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(messages, {
    filtering: {
      empty: <EmptyState title="No messages yet" subtitle="The device simulator publishes a reading every few seconds." />,
      noMatch: <EmptyState title="No message matches" />,
      fields: ['topic', 'payload'],
    },
    pagination: { pageSize: 15 },
  });
  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description={
          <>
            Device topics on the local broker, watched read-only as <Box variant="code">{monitor.data?.clientId ?? 'switchboard-observer'}</Box> on{' '}
            <Box variant="code">{monitor.data?.topicFilter ?? 'devices/#'}</Box>. Local stage only.
          </>
        }
      >
        MQTT monitor
      </Header>
      {monitor.isError && <LoadError error={monitor.error} what="the MQTT monitor" />}
      {monitor.data && (
        <StatusIndicator type={monitor.data.connected ? 'success' : monitor.data.error ? 'error' : 'loading'}>
          {monitor.data.connected ? 'Subscribed' : monitor.data.error ? `Not connected: ${monitor.data.error}` : 'Connecting'}
        </StatusIndicator>
      )}
      <Table
        {...collectionProps}
        items={items}
        loading={monitor.isPending}
        loadingText="Connecting to the broker"
        trackBy="sequence"
        wrapLines
        header={
          <Header
            counter={filteredItemsCount === messages.length ? `(${messages.length})` : `(${filteredItemsCount}/${messages.length})`}
            description="Newest first; the last 500 messages."
          >
            Messages
          </Header>
        }
        filter={<TextFilter {...filterProps} filteringPlaceholder="Filter by topic or payload" filteringAriaLabel="Filter messages" />}
        pagination={<Pagination {...paginationProps} ariaLabels={paginationLabels} />}
        columnDefinitions={[
          { id: 'receivedAt', header: 'Received', width: 120, cell: (message) => new Date(message.receivedAt).toLocaleTimeString() },
          { id: 'topic', header: 'Topic', width: 240, isRowHeader: true, cell: (message) => <Box variant="code">{message.topic}</Box> },
          {
            id: 'payload',
            header: 'Payload',
            cell: (message) => <span style={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>{message.payload}</span>,
          },
        ]}
      />
    </SpaceBetween>
  );
}
