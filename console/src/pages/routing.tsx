import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useCollection } from '@cloudscape-design/collection-hooks';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Link from '@cloudscape-design/components/link';
import Modal from '@cloudscape-design/components/modal';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { must } from '../api/clients.ts';
import { toProblem } from '../api/problem.ts';
import { useCan, useConsole } from '../context.tsx';
import { EmptyState, paginationLabels } from '../components/table-helpers.tsx';
import { LoadError, formatDateTime } from '../components/query-state.tsx';
import { useNotifications } from '../shell/notifications.tsx';
import { FALLBACK_DEPARTMENT, describeDestination, describeHours, type Department } from './routing-form.ts';

function DeleteDepartment({ department, all, onClose }: { department: Department; all: Department[]; onClose: () => void }) {
  const { apis } = useConsole();
  const queryClient = useQueryClient();
  const { notify } = useNotifications();
  const [typed, setTyped] = useState('');
  const isFallback = department.name === FALLBACK_DEPARTMENT;
  const dependents = all.filter(
    (d) => d.name !== department.name && [d.destination, d.afterHoursDestination, d.overflowDestination].some((dest) => dest?.type === 'operator'),
  );
  const remove = useMutation({
    mutationFn: () => must(apis.routing.DELETE('/departments/{name}', { params: { path: { name: department.name } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['routing', 'departments'] });
      notify('success', `Department ${department.name} deleted`, 'Callers can no longer ask for it; the next call uses the new table.');
      onClose();
    },
  });
  const blocked = isFallback && typed !== department.name;
  return (
    <Modal
      visible
      onDismiss={onClose}
      header={`Delete ${department.name}?`}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="primary" disabled={blocked} loading={remove.isPending} onClick={() => remove.mutate()}>
              Delete
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        {remove.isError && (
          <Alert type="error" header="The department was not deleted">
            {toProblem(remove.error).detail ?? toProblem(remove.error).title}
          </Alert>
        )}
        {isFallback ? (
          <>
            <Alert type="warning" header="This is the fallback department">
              Callers the assistant cannot route are sent to <strong>{FALLBACK_DEPARTMENT}</strong>
              {dependents.length > 0 ? `, and so are calls for ${dependents.map((d) => d.name).join(', ')} (routed to the operator)` : ''}. Without it
              they reach only the stage's fallback line, or hear an apology.
            </Alert>
            <FormField label={`To delete it anyway, type ${department.name}`}>
              <Input value={typed} onChange={({ detail }) => setTyped(detail.value)} ariaLabel="Type the department name to confirm" />
            </FormField>
          </>
        ) : (
          <Box>
            Callers will no longer be able to ask for {department.name} or press {department.dtmfKey ?? 'its key'}. Live calls use the new table at
            their next turn.
          </Box>
        )}
      </SpaceBetween>
    </Modal>
  );
}

export default function Routing() {
  const { apis } = useConsole();
  const canEdit = useCan('editRouting');
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState<Department>();
  const departments = useQuery({
    queryKey: ['routing', 'departments'],
    queryFn: () => must(apis.routing.GET('/departments')),
  });
  const all = departments.data?.items ?? [];
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(all, {
    filtering: {
      empty: <EmptyState title="No departments" subtitle="Callers can only reach the operator." />,
      noMatch: <EmptyState title="No match" subtitle="No department matches the filter." />,
      filteringFunction: (item, text) =>
        [item.name, ...item.synonyms, item.dtmfKey ?? '', describeDestination(item.destination)].join(' ').toLowerCase().includes(text.toLowerCase()),
    },
    sorting: { defaultState: { sortingColumn: { sortingField: 'name' } } },
    pagination: { pageSize: 20 },
    selection: {},
  });
  const selected = collectionProps.selectedItems?.[0];
  return (
    <SpaceBetween size="l">
      {departments.isError && <LoadError error={departments.error} what="the routing table" />}
      <Table
        {...collectionProps}
        variant="full-page"
        selectionType={canEdit ? 'single' : undefined}
        trackBy="name"
        loading={departments.isPending}
        loadingText="Loading departments"
        items={items}
        ariaLabels={{
          selectionGroupLabel: 'Departments',
          itemSelectionLabel: (_, item) => `Select ${item.name}`,
          allItemsSelectionLabel: () => 'Select all',
        }}
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={departments.data ? `(${all.length})` : undefined}
            description="What callers can ask for, where each department rings, and when it is open. Changes apply to the next call."
            actions={
              canEdit && (
                <SpaceBetween direction="horizontal" size="xs">
                  <Button disabled={!selected} onClick={() => selected && setDeleting(selected)}>
                    Delete
                  </Button>
                  <Button disabled={!selected} onClick={() => selected && navigate(`/routing/${encodeURIComponent(selected.name)}`)}>
                    Edit
                  </Button>
                  <Button variant="primary" onClick={() => navigate('/routing/new')}>
                    Create department
                  </Button>
                </SpaceBetween>
              )
            }
          >
            Departments
          </Header>
        }
        filter={
          <TextFilter
            {...filterProps}
            filteringPlaceholder="Find departments"
            filteringAriaLabel="Filter departments"
            countText={`${filteredItemsCount ?? 0} matches`}
          />
        }
        pagination={<Pagination {...paginationProps} ariaLabels={paginationLabels} />}
        columnDefinitions={[
          {
            id: 'name',
            header: 'Name',
            sortingField: 'name',
            isRowHeader: true,
            cell: (item) => (
              <Link
                href={`/routing/${encodeURIComponent(item.name)}`}
                onFollow={(event) => {
                  event.preventDefault();
                  navigate(`/routing/${encodeURIComponent(item.name)}`);
                }}
              >
                {item.name}
              </Link>
            ),
          },
          { id: 'key', header: 'Key', sortingField: 'dtmfKey', cell: (item) => item.dtmfKey ?? '—' },
          { id: 'synonyms', header: 'Also understood as', cell: (item) => item.synonyms.join(', ') || '—' },
          { id: 'destination', header: 'Rings', cell: (item) => describeDestination(item.destination) },
          { id: 'hours', header: 'Open', cell: (item) => describeHours(item) },
          { id: 'overflow', header: 'Overflow', cell: (item) => describeDestination(item.overflowDestination) },
          {
            id: 'wait',
            header: 'Expected wait',
            sortingField: 'expectedWaitSeconds',
            cell: (item) => (item.expectedWaitSeconds === undefined ? '—' : `${item.expectedWaitSeconds} s`),
          },
          { id: 'updated', header: 'Updated', sortingField: 'updatedAt', cell: (item) => formatDateTime(item.updatedAt) },
        ]}
      />
      {deleting && <DeleteDepartment department={deleting} all={all} onClose={() => setDeleting(undefined)} />}
    </SpaceBetween>
  );
}
