/**
 * One incident as a timeline — the reading or error, the detection, each runbook action (ticket, e-mail, clear-fault
 * command, each call attempt and its answer), the acknowledgement, the recovery — with where the escalation stands
 * and, for operators, acknowledge and resolve (each confirmed: both stop the calls).
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Link from '@cloudscape-design/components/link';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { must } from '../api/clients.ts';
import { toProblem } from '../api/problem.ts';
import { useCan, useConsole } from '../context.tsx';
import { LoadError, formatDateTime } from '../components/query-state.tsx';
import { buildTimeline, escalationState, severityIndicator, statusIndicator } from './incidents-shared.ts';

type Decision = 'acknowledge' | 'resolve';

const confirmations: Record<Decision, { title: string; body: string; button: string }> = {
  acknowledge: {
    title: 'Acknowledge this incident?',
    body: 'You take it: the call-out still outstanding is cancelled and nobody else is called.',
    button: 'Acknowledge',
  },
  resolve: {
    title: 'Resolve this incident?',
    body: 'It is closed as resolved; any call still outstanding is cancelled. A recurrence within the flap window reopens it.',
    button: 'Resolve',
  },
};

export default function IncidentDetail() {
  const { incidentId = '' } = useParams();
  const { apis } = useConsole();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canHandle = useCan('handleIncidents');
  const [confirming, setConfirming] = useState<Decision | undefined>();
  const incident = useQuery({
    queryKey: ['iot', 'incidents', incidentId],
    refetchInterval: (query) => (query.state.data?.status === 'resolved' ? false : 3_000),
    queryFn: () => must(apis.iot.GET('/incidents/{incidentId}', { params: { path: { incidentId } } })),
  });
  const deviceId = incident.data?.deviceId;
  const device = useQuery({
    queryKey: ['iot', 'devices', deviceId],
    enabled: Boolean(deviceId),
    queryFn: () => must(apis.iot.GET('/devices/{deviceId}', { params: { path: { deviceId: deviceId! } } })),
  });
  const decide = useMutation({
    mutationFn: (decision: Decision) =>
      decision === 'acknowledge'
        ? must(apis.iot.POST('/incidents/{incidentId}/acknowledge', { params: { path: { incidentId } } }))
        : must(apis.iot.POST('/incidents/{incidentId}/resolve', { params: { path: { incidentId } } })),
    onSuccess: (updated) => {
      queryClient.setQueryData(['iot', 'incidents', incidentId], updated);
      void queryClient.invalidateQueries({ queryKey: ['iot'] });
      setConfirming(undefined);
    },
  });
  if (incident.isPending) return <Spinner size="large" />;
  if (incident.isError) return <LoadError error={incident.error} what={`incident ${incidentId}`} />;
  const i = incident.data;
  const timeline = buildTimeline(i).map((entry, index) => ({ ...entry, key: index }));
  const status = statusIndicator(i.status);
  const severity = severityIndicator(i.severity);
  const unresolved = i.status !== 'resolved';
  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description={`${i.fault} on ${i.deviceId}`}
        actions={
          canHandle && unresolved ? (
            <SpaceBetween direction="horizontal" size="xs">
              {i.status !== 'acknowledged' && <Button onClick={() => setConfirming('acknowledge')}>Acknowledge</Button>}
              <Button variant="primary" onClick={() => setConfirming('resolve')}>
                Resolve
              </Button>
            </SpaceBetween>
          ) : undefined
        }
      >
        Incident {i.code}
      </Header>
      {decide.isError && (
        <Alert type="error" header="Not done">
          {toProblem(decide.error).detail ?? toProblem(decide.error).title}
        </Alert>
      )}
      <Container header={<Header variant="h2">Summary</Header>}>
        <KeyValuePairs
          columns={4}
          items={[
            { label: 'State', value: <StatusIndicator type={status.type}>{status.label}</StatusIndicator> },
            { label: 'Severity', value: <StatusIndicator type={severity.type}>{severity.label}</StatusIndicator> },
            { label: 'Escalation', value: <span data-testid="escalation-state">{escalationState(i, device.data?.contacts.length)}</span> },
            {
              label: 'Device',
              value: (
                <Link
                  href={`/devices/${i.deviceId}`}
                  onFollow={(e) => {
                    e.preventDefault();
                    navigate(`/devices/${i.deviceId}`);
                  }}
                >
                  {i.deviceId}
                </Link>
              ),
            },
            { label: 'Opened', value: formatDateTime(i.openedAt) },
            { label: 'Last signal', value: formatDateTime(i.lastSeenAt) },
            { label: 'Repeats / reopened', value: `${i.repeats} / ${i.reopenCount}` },
            { label: 'Resolution', value: i.resolution ? `${i.resolution} at ${formatDateTime(i.resolvedAt)}` : '—' },
          ]}
        />
      </Container>
      <Table
        header={
          <Header variant="h2" description="From the first signal to the recovery, as the service recorded it.">
            Timeline
          </Header>
        }
        items={timeline}
        trackBy="key"
        wrapLines
        ariaLabels={{ tableLabel: 'Incident timeline' }}
        columnDefinitions={[
          { id: 'at', header: 'When', cell: (e) => formatDateTime(e.at) },
          { id: 'what', header: 'What', isRowHeader: true, cell: (e) => <StatusIndicator type={e.status}>{e.title}</StatusIndicator> },
          { id: 'detail', header: 'Detail', cell: (e) => e.detail ?? '' },
          { id: 'by', header: 'By', cell: (e) => e.by ?? '' },
        ]}
      />
      {i.steps.length > 0 && (
        <Container
          header={
            <Header variant="h2" description={`From the runbook entry for ${i.code}.`}>
              Troubleshooting steps
            </Header>
          }
        >
          <ol>
            {i.steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </Container>
      )}
      <Modal
        visible={confirming !== undefined}
        onDismiss={() => setConfirming(undefined)}
        header={confirming ? confirmations[confirming].title : ''}
        footer={
          <Box float="right">
            <SpaceBetween direction="horizontal" size="xs">
              <Button variant="link" onClick={() => setConfirming(undefined)}>
                Cancel
              </Button>
              <Button variant="primary" loading={decide.isPending} onClick={() => confirming && decide.mutate(confirming)}>
                {confirming ? confirmations[confirming].button : ''}
              </Button>
            </SpaceBetween>
          </Box>
        }
      >
        {confirming ? confirmations[confirming].body : ''}
      </Modal>
    </SpaceBetween>
  );
}
