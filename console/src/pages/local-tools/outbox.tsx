/** E-mail outbox (local stage): what SES would have sent — the e-mail stand-ins' messages (`*-outbox` buckets). */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { EmptyState, paginationLabels } from '../../components/table-helpers.tsx';
import { formatDateTime, LoadError } from '../../components/query-state.tsx';
import { useLocalTools } from './use-local-tools.ts';

export default function Outbox() {
  const tools = useLocalTools();
  const outbox = useQuery({ queryKey: ['local-tools', 'outbox'], queryFn: () => tools.outbox(), refetchInterval: 3000 });
  const [selectedKey, setSelectedKey] = useState<string>();
  const messages = outbox.data?.items ?? [];
  const { items, collectionProps, filterProps, paginationProps } = useCollection(messages, {
    filtering: {
      empty: (
        <EmptyState
          title="No e-mail yet"
          subtitle="iot-triage writes a ticket e-mail here when a runbook step opens a ticket (inject a fault on the Device simulator page)."
        />
      ),
      noMatch: <EmptyState title="No message matches" />,
      fields: ['to', 'subject', 'body', 'bucket'],
    },
    pagination: { pageSize: 10 },
  });
  const selected = messages.find((message) => `${message.bucket}/${message.key}` === selectedKey);
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description="The e-mail the services would have sent through SES, kept by the local stand-ins instead. Local stage only.">
        E-mail outbox
      </Header>
      {outbox.isError && <LoadError error={outbox.error} what="the outbox" />}
      <Table
        {...collectionProps}
        items={items}
        loading={outbox.isPending}
        loadingText="Loading messages"
        trackBy={(message) => `${message.bucket}/${message.key}`}
        wrapLines
        selectionType="single"
        selectedItems={selected ? [selected] : []}
        onSelectionChange={({ detail }) =>
          setSelectedKey(detail.selectedItems[0] ? `${detail.selectedItems[0].bucket}/${detail.selectedItems[0].key}` : undefined)
        }
        ariaLabels={{
          itemSelectionLabel: (_, message) => message.subject || message.key,
          selectionGroupLabel: 'Messages',
          allItemsSelectionLabel: () => 'All messages',
        }}
        header={
          <Header
            counter={`(${messages.length})`}
            description={`Newest first, from ${outbox.data?.buckets.join(', ') || 'no outbox yet'}. Select one to read it.`}
          >
            Messages
          </Header>
        }
        filter={<TextFilter {...filterProps} filteringPlaceholder="Find messages" filteringAriaLabel="Find messages" />}
        pagination={<Pagination {...paginationProps} ariaLabels={paginationLabels} />}
        columnDefinitions={[
          { id: 'when', header: 'When', cell: (message) => formatDateTime(message.lastModified) },
          { id: 'subject', header: 'Subject', isRowHeader: true, cell: (message) => message.subject || '(no subject)' },
          { id: 'to', header: 'To', cell: (message) => message.to || '—' },
          { id: 'bucket', header: 'Outbox', cell: (message) => message.bucket },
        ]}
      />
      {selected && (
        <Container header={<Header variant="h2">{selected.subject || '(no subject)'}</Header>}>
          <SpaceBetween size="m">
            <KeyValuePairs
              columns={3}
              items={[
                { label: 'To', value: selected.to || '—' },
                { label: 'Written', value: formatDateTime(selected.lastModified) },
                { label: 'Object', value: <Box variant="code">{`${selected.bucket}/${selected.key}`}</Box> },
              ]}
            />
            <pre tabIndex={0} role="region" aria-label="Message body" style={{ margin: 0, whiteSpace: 'pre-wrap', maxHeight: 360, overflow: 'auto' }}>
              {selected.body}
            </pre>
          </SpaceBetween>
        </Container>
      )}
    </SpaceBetween>
  );
}
