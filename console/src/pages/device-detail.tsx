/**
 * One device: status, last reading, a telemetry chart per metric (the detection threshold and the anomaly episodes
 * marked), its unresolved incidents and the site's escalation contacts. Admins can inject a fault into a simulated
 * unit where the stage allows it (the API refuses on prod).
 */
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import LineChart from '@cloudscape-design/components/line-chart';
import Link from '@cloudscape-design/components/link';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { must } from '../api/clients.ts';
import { toProblem } from '../api/problem.ts';
import { useCan, useConsole } from '../context.tsx';
import { LoadError, formatDateTime } from '../components/query-state.tsx';
import { chartMetrics, chartModel, deviceStatus, deviceStatusIndicator, type ChartMetric, type TelemetryHistory } from './devices-shared.ts';
import { escalationState, severityIndicator, statusIndicator } from './incidents-shared.ts';
import { lastReadingSummary } from './devices.tsx';

const faults = [
  { value: 'compressor_failure', label: 'Compressor failure (E3)' },
  { value: 'high_temperature', label: 'High temperature (E1)' },
  { value: 'low_pressure', label: 'Low pressure (E2)' },
  { value: 'high_wattage', label: 'High power draw (W1)' },
  { value: 'clear', label: 'Clear the fault' },
] as const;

function TelemetryChart({ history }: { history: TelemetryHistory }) {
  const [metric, setMetric] = useState<ChartMetric>(chartMetrics[0]);
  const model = chartModel(history, metric);
  return (
    <Container
      header={
        <Header
          variant="h2"
          description={`The newest ${history.items.length} of the ${history.window} readings kept per device. Dashed lines: detection thresholds; vertical markers: where a detector started firing.`}
          actions={
            <SegmentedControl
              label="Metric"
              selectedId={metric.id}
              onChange={({ detail }) => setMetric(chartMetrics.find((m) => m.id === detail.selectedId) ?? chartMetrics[0])}
              options={chartMetrics.map((m) => ({ id: m.id, text: m.title }))}
            />
          }
        >
          Telemetry
        </Header>
      }
    >
      <SpaceBetween size="s">
        <LineChart
          series={model.series}
          xScaleType="time"
          {...(model.xDomain ? { xDomain: model.xDomain } : {})}
          yDomain={model.yDomain}
          height={260}
          hideFilter
          ariaLabel={`${metric.title} of ${history.deviceId}`}
          xTitle="Time"
          yTitle={`${metric.title} (${metric.unit})`}
          i18nStrings={{ xTickFormatter: (x) => (x as Date).toLocaleTimeString(), yTickFormatter: (y) => String(y) }}
          empty={
            <Box textAlign="center" color="inherit">
              No readings yet
            </Box>
          }
          noMatch={
            <Box textAlign="center" color="inherit">
              No readings match
            </Box>
          }
        />
        <Box variant="small">
          {model.anomalies.length > 0
            ? `Anomalies in this window: ${model.anomalies.length} readings (${[...new Set(model.anomalies.flatMap((a) => a.codes))].join(', ')}), last at ${formatDateTime(model.anomalies.at(-1)!.at)}.`
            : 'No detector fired in this window.'}
        </Box>
      </SpaceBetween>
    </Container>
  );
}

function FaultInjection({ deviceId }: { deviceId: string }) {
  const { apis } = useConsole();
  const [fault, setFault] = useState<(typeof faults)[number]>(faults[0]);
  const inject = useMutation({
    mutationFn: () => must(apis.iot.POST('/devices/{deviceId}/faults', { params: { path: { deviceId } }, body: { fault_type: fault.value } })),
  });
  return (
    <Container
      header={
        <Header variant="h2" description="Sends the simulated unit a command; it then reports as a faulty unit would. Refused on prod.">
          Fault injection
        </Header>
      }
    >
      <SpaceBetween size="s">
        <SpaceBetween direction="horizontal" size="s" alignItems="end">
          <FormField label="Fault">
            <Select
              selectedOption={fault}
              options={[...faults]}
              onChange={({ detail }) => setFault(faults.find((f) => f.value === detail.selectedOption.value) ?? faults[0])}
            />
          </FormField>
          <Button onClick={() => inject.mutate()} loading={inject.isPending}>
            Inject fault
          </Button>
        </SpaceBetween>
        {inject.isSuccess && (
          <StatusIndicator type="success">
            Command {inject.data.published} sent to {deviceId}
          </StatusIndicator>
        )}
        {inject.isError && (
          <Alert type="error" header="Not sent">
            {toProblem(inject.error).detail ?? toProblem(inject.error).title}
          </Alert>
        )}
      </SpaceBetween>
    </Container>
  );
}

export default function DeviceDetail() {
  const { deviceId = '' } = useParams();
  const { apis, config } = useConsole();
  const navigate = useNavigate();
  // The API refuses on prod and wherever the stage has no test hooks; prod never shows the control.
  const canInject = useCan('injectFaults') && config.stage !== 'prod';
  const device = useQuery({
    queryKey: ['iot', 'devices', deviceId],
    refetchInterval: 5_000,
    queryFn: () => must(apis.iot.GET('/devices/{deviceId}', { params: { path: { deviceId } } })),
  });
  const telemetry = useQuery({
    queryKey: ['iot', 'devices', deviceId, 'telemetry'],
    refetchInterval: 5_000,
    queryFn: () => must(apis.iot.GET('/devices/{deviceId}/telemetry', { params: { path: { deviceId }, query: {} } })),
  });
  if (device.isPending) return <Spinner size="large" />;
  if (device.isError) return <LoadError error={device.error} what={`device ${deviceId}`} />;
  const d = device.data;
  const status = deviceStatusIndicator[deviceStatus(d, d.openIncidents, Date.now())];
  const a = d.address;
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description={`${d.siteOwner} — ${a.street}, ${a.city}, ${a.state} ${a.zip}, ${a.country}`}>
        {deviceId}
      </Header>
      <Container header={<Header variant="h2">Status</Header>}>
        <KeyValuePairs
          columns={3}
          items={[
            { label: 'Status', value: <StatusIndicator type={status.type}>{status.label}</StatusIndicator> },
            { label: 'Last reading', value: lastReadingSummary(d.lastTelemetry) },
            { label: 'Last seen', value: formatDateTime(d.lastSeenAt) },
          ]}
        />
      </Container>
      {telemetry.isError ? (
        <LoadError error={telemetry.error} what="telemetry" />
      ) : telemetry.data ? (
        <TelemetryChart history={telemetry.data} />
      ) : (
        <Spinner />
      )}
      <Table
        header={
          <Header variant="h2" counter={`(${d.openIncidents.length})`}>
            Unresolved incidents
          </Header>
        }
        items={d.openIncidents}
        trackBy="incidentId"
        empty={
          <Box textAlign="center" color="inherit">
            No unresolved incident.
          </Box>
        }
        columnDefinitions={[
          {
            id: 'code',
            header: 'Code',
            isRowHeader: true,
            cell: (i) => (
              <Link
                href={`/incidents/${i.incidentId}`}
                onFollow={(e) => {
                  e.preventDefault();
                  navigate(`/incidents/${i.incidentId}`);
                }}
              >{`${i.code} ${i.fault}`}</Link>
            ),
          },
          {
            id: 'severity',
            header: 'Severity',
            cell: (i) => <StatusIndicator type={severityIndicator(i.severity).type}>{severityIndicator(i.severity).label}</StatusIndicator>,
          },
          {
            id: 'status',
            header: 'State',
            cell: (i) => <StatusIndicator type={statusIndicator(i.status).type}>{statusIndicator(i.status).label}</StatusIndicator>,
          },
          { id: 'escalation', header: 'Escalation', cell: (i) => escalationState(i, d.contacts.length) },
          { id: 'opened', header: 'Opened', cell: (i) => formatDateTime(i.openedAt) },
        ]}
      />
      <Table
        header={
          <Header variant="h2" description="Called in this order until one acknowledges. Numbers are shown in full to admins only.">
            Site contacts
          </Header>
        }
        items={d.contacts.map((c, index) => ({ ...c, order: index + 1 }))}
        trackBy="order"
        empty={
          <Box textAlign="center" color="inherit">
            No contacts: nobody can be called for this site.
          </Box>
        }
        columnDefinitions={[
          { id: 'order', header: 'Order', cell: (c) => String(c.order) },
          { id: 'name', header: 'Name', isRowHeader: true, cell: (c) => c.name },
          { id: 'phone', header: 'Phone number', cell: (c) => c.phoneNumber },
        ]}
      />
      {canInject && <FaultInjection deviceId={deviceId} />}
    </SpaceBetween>
  );
}
