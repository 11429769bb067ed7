/**
 * Device simulator (local stage): the simulated devices with their last reading, and the test hooks that drive
 * them — inject a fault, switch the power draw to abnormal, clear it — through iot-triage's fault-injection API,
 * which sends the command over MQTT to the simulator as IoT Core would to a device.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { must } from '../../api/clients.ts';
import { toProblem } from '../../api/problem.ts';
import { formatDateTime, LoadError } from '../../components/query-state.tsx';
import { useConsole } from '../../context.tsx';
import { useNotifications } from '../../shell/notifications.tsx';
import { EmptyState } from '../../components/table-helpers.tsx';
import { useLocalTools } from './use-local-tools.ts';

type Fault = 'high_temperature' | 'low_pressure' | 'compressor_failure' | 'high_wattage' | 'clear';
const faults: { value: Exclude<Fault, 'clear'>; label: string; description: string }[] = [
  { value: 'high_temperature', label: 'High temperature', description: 'error E1' },
  { value: 'low_pressure', label: 'Low pressure', description: 'error E2' },
  { value: 'compressor_failure', label: 'Compressor failure', description: 'error E3' },
  { value: 'high_wattage', label: 'Abnormal power draw', description: 'an anomaly, no error code' },
];

function summary(telemetry: Record<string, string | number> | undefined): string {
  if (!telemetry) return '—';
  return Object.entries(telemetry)
    .filter(([key]) => !['deviceId', 'device_id', 'device_name', 'timestamp'].includes(key))
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
}

export default function DeviceSimulator() {
  const { apis } = useConsole();
  const tools = useLocalTools();
  const queryClient = useQueryClient();
  const { notify } = useNotifications();
  const devices = useQuery({ queryKey: ['iot', 'devices'], queryFn: () => must(apis.iot.GET('/devices')), refetchInterval: 5000 });
  const mqtt = useQuery({ queryKey: ['local-tools', 'mqtt'], queryFn: () => tools.mqtt(), refetchInterval: 3000 });
  const [selectedId, setSelectedId] = useState<string>();
  const [fault, setFault] = useState(faults[2]!);
  const send = useMutation({
    mutationFn: ({ deviceId, fault_type }: { deviceId: string; fault_type: Fault }) =>
      must(apis.iot.POST('/devices/{deviceId}/faults', { params: { path: { deviceId } }, body: { fault_type } })),
    onSuccess: (result, { deviceId, fault_type }) => {
      notify(
        'success',
        `${fault_type === 'clear' ? 'Clear' : 'Fault'} sent to ${deviceId}`,
        `Command ${result.published} published on devices/${deviceId}/commands.`,
      );
      void queryClient.invalidateQueries({ queryKey: ['iot', 'devices'] });
    },
    onError: (error) => notify('error', 'The command was refused', toProblem(error).detail ?? toProblem(error).title),
  });
  const list = devices.data?.items ?? [];
  const selected = list.find((device) => device.deviceId === selectedId);
  const recent = (mqtt.data?.items ?? []).filter((message) => selected && message.topic.startsWith(`devices/${selected.deviceId}/`)).slice(0, 5);
  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description="The simulated devices and their test hooks. Commands go over MQTT, as IoT Core sends them to a real device. Local stage only."
      >
        Device simulator
      </Header>
      {devices.isError && <LoadError error={devices.error} what="the devices" />}
      <Table
        items={list}
        loading={devices.isPending}
        loadingText="Loading devices"
        trackBy="deviceId"
        wrapLines
        selectionType="single"
        selectedItems={selected ? [selected] : []}
        onSelectionChange={({ detail }) => setSelectedId(detail.selectedItems[0]?.deviceId)}
        ariaLabels={{
          itemSelectionLabel: (_, device) => device.deviceId,
          selectionGroupLabel: 'Devices',
          allItemsSelectionLabel: () => 'All devices',
        }}
        empty={<EmptyState title="No devices" subtitle="iot-triage seeds the sample devices on first start." />}
        header={
          <Header counter={`(${list.length})`} description="Select a device to drive it.">
            Devices
          </Header>
        }
        columnDefinitions={[
          { id: 'deviceId', header: 'Device', isRowHeader: true, cell: (device) => device.deviceId },
          { id: 'site', header: 'Site', cell: (device) => `${device.siteOwner}, ${device.address.city}` },
          { id: 'lastSeen', header: 'Last reading', cell: (device) => formatDateTime(device.lastSeenAt) },
          { id: 'telemetry', header: 'Reading', cell: (device) => summary(device.lastTelemetry) },
        ]}
      />
      {selected && (
        <Container
          header={
            <Header variant="h2" description="Inject a fault: the device reports it on its next reading, iot-triage opens an incident.">
              {selected.deviceId}
            </Header>
          }
        >
          <SpaceBetween size="m">
            <SpaceBetween direction="horizontal" size="xs" alignItems="end">
              <FormField label="Fault">
                <Select
                  selectedOption={fault}
                  options={faults}
                  onChange={({ detail }) => setFault(faults.find((f) => f.value === detail.selectedOption.value)!)}
                />
              </FormField>
              <Button
                variant="primary"
                loading={send.isPending && send.variables?.fault_type !== 'clear'}
                onClick={() => send.mutate({ deviceId: selected.deviceId, fault_type: fault.value })}
              >
                Inject fault
              </Button>
              <Button
                loading={send.isPending && send.variables?.fault_type === 'clear'}
                onClick={() => send.mutate({ deviceId: selected.deviceId, fault_type: 'clear' })}
              >
                Clear fault
              </Button>
            </SpaceBetween>
            <Box variant="h3">Latest messages</Box>
            {recent.length === 0 ? (
              <Box color="text-status-inactive">No message from this device seen yet by the MQTT monitor.</Box>
            ) : (
              recent.map((message) => (
                <Box key={message.sequence} variant="code" fontSize="body-s">
                  {formatDateTime(message.receivedAt)} {message.topic} {message.payload}
                </Box>
              ))
            )}
          </SpaceBetween>
        </Container>
      )}
    </SpaceBetween>
  );
}
