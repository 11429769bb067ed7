import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useCollection } from '@cloudscape-design/collection-hooks';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { must } from '../api/clients.ts';
import { useConsole } from '../context.tsx';
import { EmptyState, paginationLabels } from '../components/table-helpers.tsx';
import { LoadError } from '../components/query-state.tsx';
import { describeSchedule, switchIndicator } from './forwarding-shared.ts';

export default function Forwarding() {
  const { apis } = useConsole();
  const navigate = useNavigate();
  const numbers = useQuery({
    queryKey: ['forwarding', 'numbers'],
    refetchInterval: 10_000,
    queryFn: () => must(apis.forwarding.GET('/numbers', { params: { query: { limit: 100 } } })),
  });
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(numbers.data?.items ?? [], {
    filtering: {
      empty: <EmptyState title="No phone numbers" subtitle="Numbers ordered in the account appear here." />,
      noMatch: <EmptyState title="No match" />,
      filteringFunction: (n, text) => [n.phoneNumber, n.owner ?? '', n.productType, n.status].join(' ').toLowerCase().includes(text.toLowerCase()),
    },
    sorting: { defaultState: { sortingColumn: { sortingField: 'phoneNumber' } } },
    pagination: { pageSize: 20 },
  });
  const open = (e164: string) => navigate(`/forwarding/${encodeURIComponent(e164)}`);
  return (
    <SpaceBetween size="l">
      {numbers.isError && <LoadError error={numbers.error} what="phone numbers" />}
      <Table
        {...collectionProps}
        variant="full-page"
        items={items}
        loading={numbers.isPending}
        loadingText="Loading numbers"
        trackBy="phoneNumber"
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={numbers.data ? `(${numbers.data.items.length})` : undefined}
            description="Every number of the account: who owns it, where it forwards and when, and the state of its product-type switch."
          >
            Phone numbers
          </Header>
        }
        filter={
          <TextFilter
            {...filterProps}
            filteringPlaceholder="Find numbers or owners"
            filteringAriaLabel="Filter numbers"
            countText={`${filteredItemsCount ?? 0} matches`}
          />
        }
        pagination={<Pagination {...paginationProps} ariaLabels={paginationLabels} />}
        columnDefinitions={[
          {
            id: 'number',
            header: 'Number',
            sortingField: 'phoneNumber',
            isRowHeader: true,
            cell: (n) => (
              <Link
                href={`/forwarding/${encodeURIComponent(n.phoneNumber)}`}
                onFollow={(event) => {
                  event.preventDefault();
                  open(n.phoneNumber);
                }}
              >
                {n.phoneNumber}
              </Link>
            ),
          },
          { id: 'owner', header: 'Owner', sortingField: 'owner', cell: (n) => n.owner ?? 'Unassigned' },
          { id: 'product', header: 'Product type', sortingField: 'productType', cell: (n) => n.productType },
          {
            id: 'forward',
            header: 'Forwards to',
            cell: (n) => (n.forward?.enabled ? n.forward.destinations.map((d) => d.number).join(', ') : n.forward ? 'Disabled' : '—'),
          },
          { id: 'schedule', header: 'When', cell: (n) => (n.forward ? describeSchedule(n.forward.schedule) : '—') },
          {
            id: 'switch',
            header: 'Product switch',
            cell: (n) => (n.switch ? <StatusIndicator type={switchIndicator(n.switch.status)}>{n.switch.status}</StatusIndicator> : '—'),
          },
        ]}
      />
    </SpaceBetween>
  );
}
