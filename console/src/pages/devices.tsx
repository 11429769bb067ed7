/** Devices: each unit's status (from its last reading and its unresolved incidents), last reading and site. */
import { useQuery } from '@tanstack/react-query';
import { useCollection } from '@cloudscape-design/collection-hooks';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { useNavigate } from 'react-router';
import { must } from '../api/clients.ts';
import { useConsole } from '../context.tsx';
import { EmptyState } from '../components/table-helpers.tsx';
import { LoadError, formatDateTime } from '../components/query-state.tsx';
import { deviceStatus, deviceStatusIndicator } from './devices-shared.ts';

export function lastReadingSummary(reading: Record<string, string | number> | undefined): string {
  if (!reading) return '—';
  return `${reading.indoor_temperature_c} °C · ${reading.refrigerant_pressure_psi} psi · ${reading.power_consumption_watts} W · compressor ${reading.compressor_status}${reading.error_code !== 'None' ? ` · error ${reading.error_code}` : ''}`;
}

export default function Devices() {
  const { apis } = useConsole();
  const navigate = useNavigate();
  const devices = useQuery({ queryKey: ['iot', 'devices'], refetchInterval: 5_000, queryFn: () => must(apis.iot.GET('/devices')) });
  // Unresolved incidents decide faulted/recovering; one list for every device.
  const incidents = useQuery({
    queryKey: ['iot', 'incidents', 'all'],
    refetchInterval: 5_000,
    queryFn: () => must(apis.iot.GET('/incidents', { params: { query: { limit: 200 } } })),
  });
  const rows = (devices.data?.items ?? []).map((device) => {
    const unresolved = (incidents.data?.items ?? []).filter((incident) => incident.deviceId === device.deviceId && incident.status !== 'resolved');
    return { ...device, status: deviceStatus(device, unresolved, Date.now()), unresolved: unresolved.length };
  });
  const { items, collectionProps, filterProps, filteredItemsCount } = useCollection(rows, {
    filtering: {
      empty: <EmptyState title="No devices" subtitle="Devices appear when their site record is created." />,
      noMatch: <EmptyState title="No device matches" />,
    },
    sorting: { defaultState: { sortingColumn: { sortingField: 'deviceId' } } },
  });
  if (devices.isError) return <LoadError error={devices.error} what="devices" />;
  return (
    <Table
      {...collectionProps}
      variant="full-page"
      header={
        <Header
          variant="h1"
          counter={`(${rows.length})`}
          description="Air-conditioning units reporting over MQTT; status from the last reading and unresolved incidents."
        >
          Devices
        </Header>
      }
      loading={devices.isPending}
      loadingText="Loading devices"
      items={items}
      trackBy="deviceId"
      filter={
        <TextFilter
          {...filterProps}
          filteringPlaceholder="Find a device, site or city"
          filteringAriaLabel="Filter devices"
          countText={`${filteredItemsCount ?? 0} matches`}
        />
      }
      columnDefinitions={[
        {
          id: 'deviceId',
          header: 'Device',
          sortingField: 'deviceId',
          isRowHeader: true,
          cell: (d) => (
            <Link
              href={`/devices/${d.deviceId}`}
              onFollow={(e) => {
                e.preventDefault();
                navigate(`/devices/${d.deviceId}`);
              }}
            >
              {d.deviceId}
            </Link>
          ),
        },
        {
          id: 'status',
          header: 'Status',
          sortingField: 'status',
          cell: (d) => <StatusIndicator type={deviceStatusIndicator[d.status].type}>{deviceStatusIndicator[d.status].label}</StatusIndicator>,
        },
        { id: 'incidents', header: 'Unresolved incidents', sortingField: 'unresolved', cell: (d) => String(d.unresolved) },
        { id: 'reading', header: 'Last reading', cell: (d) => lastReadingSummary(d.lastTelemetry) },
        { id: 'seen', header: 'Last seen', sortingField: 'lastSeenAt', cell: (d) => formatDateTime(d.lastSeenAt) },
        { id: 'site', header: 'Site', sortingField: 'siteOwner', cell: (d) => `${d.siteOwner}, ${d.address.city}` },
        { id: 'contacts', header: 'Contacts', cell: (d) => String(d.contacts.length) },
      ]}
    />
  );
}
