import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { must } from '../../api/clients.ts';
import { formErrors, toProblem } from '../../api/problem.ts';
import { useCan, useConsole } from '../../context.tsx';
import { EmptyState, paginationLabels } from '../../components/table-helpers.tsx';
import { LoadError, formatDateTime } from '../../components/query-state.tsx';
import { useNotifications } from '../../shell/notifications.tsx';

/** Reads the whole list (pages of 100, at most 50 pages) so it can be filtered here. */
const maxPages = 50;

export default function DoNotCall() {
  const { apis } = useConsole();
  const { notify } = useNotifications();
  const client = useQueryClient();
  const canManage = useCan('manageDoNotCall');
  const [number, setNumber] = useState('');
  const [reason, setReason] = useState('');
  const [removing, setRemoving] = useState<string>();
  const list = useQuery({
    queryKey: ['callouts', 'do-not-call'],
    queryFn: async () => {
      const items = [];
      let nextToken: string | undefined;
      for (let page = 0; page < maxPages; page += 1) {
        const data = await must(apis.callouts.GET('/do-not-call', { params: { query: { limit: 100, ...(nextToken ? { nextToken } : {}) } } }));
        items.push(...data.items);
        nextToken = data.nextToken;
        if (!nextToken) break;
      }
      return items;
    },
  });
  const add = useMutation({
    mutationFn: () =>
      must(
        apis.callouts.PUT('/do-not-call/{phoneNumber}', {
          params: { path: { phoneNumber: number.trim() } },
          body: reason.trim() ? { reason: reason.trim() } : {},
        }),
      ),
    onSuccess: (entry) => {
      notify('success', `${entry.phoneNumber} is on the do-not-call list`);
      setNumber('');
      setReason('');
      void client.invalidateQueries({ queryKey: ['callouts', 'do-not-call'] });
    },
  });
  const remove = useMutation({
    mutationFn: (phoneNumber: string) => must(apis.callouts.DELETE('/do-not-call/{phoneNumber}', { params: { path: { phoneNumber } } })),
    onSuccess: (_, phoneNumber) => {
      setRemoving(undefined);
      notify('success', `${phoneNumber} removed from the do-not-call list`);
      void client.invalidateQueries({ queryKey: ['callouts', 'do-not-call'] });
    },
    onError: (error) => {
      setRemoving(undefined);
      notify('error', 'Could not remove the number', toProblem(error).detail);
    },
  });
  const { items, collectionProps, filterProps, paginationProps } = useCollection(list.data ?? [], {
    filtering: {
      empty: <EmptyState title="Nobody on the list" subtitle="Callees who say “stop calling me” are added during the call." />,
      noMatch: <EmptyState title="No match" />,
    },
    sorting: { defaultState: { sortingColumn: { sortingField: 'addedAt' }, isDescending: true } },
    pagination: { pageSize: 20 },
  });
  const errors = add.isError
    ? formErrors(toProblem(add.error), ['phoneNumber', 'reason'], { prefix: 'params' })
    : { fields: {} as Record<string, string>, form: [] as string[] };
  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description="Numbers on this list are never called by any job, operational calls included. Callees who ask to stop are added during the call."
      >
        Do-not-call list
      </Header>
      {canManage && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            add.mutate();
          }}
        >
          <Form
            errorText={errors.form.join(' ') || undefined}
            actions={
              <Button variant="primary" loading={add.isPending}>
                Add to the list
              </Button>
            }
          >
            <Container header={<Header variant="h2">Add a number</Header>}>
              <SpaceBetween size="m" direction="horizontal">
                <FormField label="Number" description="E.164, e.g. +85291234567" errorText={errors.fields.phoneNumber}>
                  <Input value={number} onChange={({ detail }) => setNumber(detail.value)} ariaLabel="Number to add" />
                </FormField>
                <FormField label="Reason" description="Optional" errorText={errors.fields.reason}>
                  <Input value={reason} onChange={({ detail }) => setReason(detail.value)} ariaLabel="Reason" />
                </FormField>
              </SpaceBetween>
            </Container>
          </Form>
        </form>
      )}
      {list.isError && <LoadError error={list.error} what="the do-not-call list" />}
      <Table
        {...collectionProps}
        items={items}
        loading={list.isPending}
        loadingText="Loading the list"
        trackBy="phoneNumber"
        variant="container"
        ariaLabels={{ tableLabel: 'Do-not-call numbers' }}
        header={
          <Header
            counter={list.data ? `(${list.data.length})` : undefined}
            description={canManage ? undefined : 'Numbers are masked; admins change the list.'}
          >
            Numbers
          </Header>
        }
        filter={<TextFilter {...filterProps} filteringPlaceholder="Find a number or reason" filteringAriaLabel="Filter numbers" />}
        pagination={<Pagination {...paginationProps} ariaLabels={paginationLabels} />}
        columnDefinitions={[
          { id: 'phoneNumber', header: 'Number', isRowHeader: true, sortingField: 'phoneNumber', cell: (e) => e.phoneNumber },
          { id: 'reason', header: 'Reason', cell: (e) => e.reason },
          { id: 'source', header: 'Source', sortingField: 'source', cell: (e) => e.source },
          { id: 'addedAt', header: 'Added', sortingField: 'addedAt', cell: (e) => formatDateTime(e.addedAt) },
          ...(canManage
            ? [
                {
                  id: 'actions',
                  header: 'Actions',
                  cell: (e: { phoneNumber: string }) => (
                    <Button variant="inline-link" ariaLabel={`Remove ${e.phoneNumber}`} onClick={() => setRemoving(e.phoneNumber)}>
                      Remove
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {removing && (
        <Modal
          visible
          header={`Remove ${removing}?`}
          onDismiss={() => setRemoving(undefined)}
          footer={
            <Box float="right">
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setRemoving(undefined)}>
                  Keep it listed
                </Button>
                <Button variant="primary" loading={remove.isPending} onClick={() => remove.mutate(removing)}>
                  Remove
                </Button>
              </SpaceBetween>
            </Box>
          }
        >
          Jobs will call this number again. Remove it only when its owner has asked to be called.
        </Modal>
      )}
    </SpaceBetween>
  );
}
