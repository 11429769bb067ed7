/**
 * The runbook (what the triage executes for each code) and the knowledge documents the assistant answers from, with
 * their ingestion status. Admins edit an entry; every edit re-publishes the guide to the knowledge base.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Modal from '@cloudscape-design/components/modal';
import Multiselect from '@cloudscape-design/components/multiselect';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import Tabs from '@cloudscape-design/components/tabs';
import Textarea from '@cloudscape-design/components/textarea';
import Container from '@cloudscape-design/components/container';
import { must } from '../api/clients.ts';
import { formErrors, toProblem } from '../api/problem.ts';
import type { components } from '../api/generated/iot-triage.ts';
import { useCan, useConsole } from '../context.tsx';
import { LoadError, formatDateTime } from '../components/query-state.tsx';
import { severityIndicator } from './incidents-shared.ts';

type Entry = components['schemas']['RunbookEntry'];
const actionOptions = (['log_ticket', 'clear_fault', 'call_operator'] as const).map((a) => ({ value: a, label: a }));
const severityOptions = (['critical', 'warning', 'info'] as const).map((s) => ({ value: s, label: severityIndicator(s).label }));

function EntryEditor({ entry, onClose }: { entry: Entry; onClose: () => void }) {
  const { apis } = useConsole();
  const queryClient = useQueryClient();
  const [faultType, setFaultType] = useState(entry.faultType);
  const [internalEffect, setInternalEffect] = useState(entry.internalEffect);
  const [steps, setSteps] = useState(entry.steps.join('\n'));
  const [actions, setActions] = useState<string[]>([...entry.actions]);
  const [severity, setSeverity] = useState<Entry['severity']>(entry.severity);
  const save = useMutation({
    mutationFn: () =>
      must(
        apis.iot.PUT('/runbook/{code}', {
          params: { path: { code: entry.code } },
          body: {
            code: entry.code,
            faultType,
            internalEffect,
            steps: steps
              .split('\n')
              .map((s) => s.trim())
              .filter(Boolean),
            actions: actions as Entry['actions'],
            severity,
          },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['iot', 'runbook'] });
      void queryClient.invalidateQueries({ queryKey: ['iot', 'knowledge'] });
      onClose();
    },
  });
  const errors = save.isError
    ? formErrors(toProblem(save.error), ['faultType', 'internalEffect', 'steps', 'actions', 'severity'])
    : { fields: {} as Record<string, string>, form: [] as string[] };
  return (
    <Modal visible onDismiss={onClose} size="large" header={`Edit ${entry.code}`}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Form
          errorText={errors.form.join(' ') || undefined}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button variant="link" formAction="none" onClick={onClose}>
                Cancel
              </Button>
              <Button variant="primary" loading={save.isPending}>
                Save entry
              </Button>
            </SpaceBetween>
          }
        >
          <SpaceBetween size="m">
            <FormField label="Fault type" description="snake_case, as in the guide" errorText={errors.fields.faultType}>
              <Input value={faultType} onChange={({ detail }) => setFaultType(detail.value)} />
            </FormField>
            <FormField label="Internal effect" errorText={errors.fields.internalEffect}>
              <Textarea rows={2} value={internalEffect} onChange={({ detail }) => setInternalEffect(detail.value)} />
            </FormField>
            <FormField label="Troubleshooting steps" description="One per line" errorText={errors.fields.steps}>
              <Textarea rows={4} value={steps} onChange={({ detail }) => setSteps(detail.value)} />
            </FormField>
            <FormField
              label="Actions"
              description="Run in this order by the triage; call_operator calls the site's contacts"
              errorText={errors.fields.actions}
            >
              <Multiselect
                selectedOptions={actionOptions.filter((o) => actions.includes(o.value))}
                options={actionOptions}
                onChange={({ detail }) => setActions(detail.selectedOptions.map((o) => o.value!))}
              />
            </FormField>
            <FormField label="Severity" errorText={errors.fields.severity}>
              <Select
                selectedOption={severityOptions.find((o) => o.value === severity) ?? null}
                options={severityOptions}
                onChange={({ detail }) => setSeverity(detail.selectedOption.value as Entry['severity'])}
              />
            </FormField>
          </SpaceBetween>
        </Form>
      </form>
    </Modal>
  );
}

function RunbookTab() {
  const { apis } = useConsole();
  const canEdit = useCan('editRunbook');
  const [editing, setEditing] = useState<Entry | undefined>();
  const runbook = useQuery({ queryKey: ['iot', 'runbook'], queryFn: () => must(apis.iot.GET('/runbook')) });
  if (runbook.isError) return <LoadError error={runbook.error} what="the runbook" />;
  return (
    <>
      <Table
        header={
          <Header
            variant="h2"
            counter={`(${runbook.data?.items.length ?? 0})`}
            description="What the triage does for each code, deterministically. Codes without an entry go to the agent (ticket only)."
          >
            Runbook
          </Header>
        }
        loading={runbook.isPending}
        loadingText="Loading the runbook"
        items={runbook.data?.items ?? []}
        trackBy="code"
        wrapLines
        columnDefinitions={[
          { id: 'code', header: 'Code', isRowHeader: true, cell: (e) => e.code },
          { id: 'fault', header: 'Fault type', cell: (e) => e.faultType },
          {
            id: 'severity',
            header: 'Severity',
            minWidth: 120,
            cell: (e) => <StatusIndicator type={severityIndicator(e.severity).type}>{severityIndicator(e.severity).label}</StatusIndicator>,
          },
          { id: 'actions', header: 'Actions', cell: (e) => e.actions.join(' → ') },
          { id: 'steps', header: 'Troubleshooting steps', cell: (e) => e.steps.join(' · ') },
          ...(canEdit
            ? [
                {
                  id: 'edit',
                  header: 'Edit',
                  cell: (e: Entry) => (
                    <Button variant="inline-link" ariaLabel={`Edit ${e.code}`} onClick={() => setEditing(e)}>
                      Edit
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <EntryEditor entry={editing} onClose={() => setEditing(undefined)} />}
    </>
  );
}

const ingestionStatus = (status: string): 'success' | 'in-progress' | 'error' | 'stopped' | 'pending' =>
  status === 'COMPLETE'
    ? 'success'
    : status === 'FAILED'
      ? 'error'
      : status === 'NONE' || status === 'NOT_CONFIGURED'
        ? 'stopped'
        : status === 'STARTING'
          ? 'pending'
          : 'in-progress';

function KnowledgeTab() {
  const { apis } = useConsole();
  const knowledge = useQuery({
    queryKey: ['iot', 'knowledge'],
    refetchInterval: (query) => (query.state.data && ['STARTING', 'IN_PROGRESS'].includes(query.state.data.ingestion.status) ? 5_000 : false),
    queryFn: () => must(apis.iot.GET('/knowledge')),
  });
  if (knowledge.isError) return <LoadError error={knowledge.error} what="the knowledge documents" />;
  const ingestion = knowledge.data?.ingestion;
  return (
    <SpaceBetween size="l">
      <Container
        header={
          <Header
            variant="h2"
            description="The knowledge base the assistant retrieves from. A runbook edit re-publishes the guide and starts an ingestion."
          >
            Ingestion
          </Header>
        }
      >
        {ingestion ? (
          <KeyValuePairs
            columns={3}
            items={[
              { label: 'Status', value: <StatusIndicator type={ingestionStatus(ingestion.status)}>{ingestion.status}</StatusIndicator> },
              { label: 'Started', value: formatDateTime(ingestion.startedAt) },
              { label: 'Updated', value: formatDateTime(ingestion.updatedAt) },
            ]}
          />
        ) : (
          <StatusIndicator type="loading">Loading</StatusIndicator>
        )}
      </Container>
      <Table
        header={
          <Header variant="h2" counter={`(${knowledge.data?.documents.length ?? 0})`}>
            Knowledge documents
          </Header>
        }
        loading={knowledge.isPending}
        loadingText="Loading the documents"
        items={knowledge.data?.documents ?? []}
        trackBy="name"
        empty={
          <Box textAlign="center" color="inherit">
            No knowledge base on this stage: the assistant answers from device data and the runbook only.
          </Box>
        }
        columnDefinitions={[
          { id: 'name', header: 'Document', isRowHeader: true, cell: (d) => d.name },
          { id: 'chunks', header: 'Sections indexed', cell: (d) => (d.chunks !== undefined ? String(d.chunks) : '—') },
          {
            id: 'indexed',
            header: 'Indexed',
            cell: (d) =>
              d.indexedAt ? (
                <StatusIndicator type="success">{formatDateTime(d.indexedAt)}</StatusIndicator>
              ) : (
                <StatusIndicator type="pending">Not yet</StatusIndicator>
              ),
          },
        ]}
      />
    </SpaceBetween>
  );
}

export default function Runbook() {
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description="The troubleshooting guide the triage executes, and the documents the assistant answers from.">
        Runbook and knowledge
      </Header>
      <Alert type="info">
        The guide is also available as text (<code>GET /runbook/guide</code>), the form the knowledge base indexes.
      </Alert>
      <Tabs
        tabs={[
          { id: 'runbook', label: 'Runbook', content: <RunbookTab /> },
          { id: 'knowledge', label: 'Knowledge documents', content: <KnowledgeTab /> },
        ]}
      />
    </SpaceBetween>
  );
}
