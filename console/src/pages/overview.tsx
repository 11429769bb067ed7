import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import Box from '@cloudscape-design/components/box';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { must } from '../api/clients.ts';
import { toProblem, unavailableReason } from '../api/problem.ts';
import { useAuth } from '../auth/auth.tsx';
import { useConsole } from '../context.tsx';
import { visiblePages } from '../navigation.ts';
import { serviceNames } from '../config.ts';

function HealthRow({ service, url }: { service: string; url: string | undefined }) {
  const health = useQuery({
    queryKey: ['health', service],
    enabled: !!url,
    refetchInterval: 15_000,
    queryFn: async () => {
      const response = await fetch(`${url}/health`);
      if (!response.ok) throw new Error(`answered ${response.status}`);
      return (await response.json()) as { status: string; version: string };
    },
  });
  return (
    <div>
      <Box variant="awsui-key-label">{service}</Box>
      {!url ? (
        <StatusIndicator type="stopped">Not deployed on this stage</StatusIndicator>
      ) : health.isPending ? (
        <StatusIndicator type="loading">Checking</StatusIndicator>
      ) : health.isError ? (
        <StatusIndicator type="error">Unreachable: {(health.error as Error).message}</StatusIndicator>
      ) : (
        <StatusIndicator type="success">Healthy · v{health.data.version}</StatusIndicator>
      )}
    </div>
  );
}

type FigureQuery = { isPending: boolean; isError: boolean; error: unknown; data?: number | string | undefined };

/**
 * One of today's figures, linking to the page it comes from when this user may open it. A figure the API refuses
 * this role (or a service that cannot tell) shows "—" and why, never a number that would look like zero.
 */
function Figure({
  label,
  query,
  unavailable,
  page,
  detail,
}: {
  label: string;
  query?: FigureQuery;
  unavailable?: string;
  page?: string;
  detail?: string;
}) {
  const { config } = useConsole();
  const { principal } = useAuth();
  const navigate = useNavigate();
  const target = page ? visiblePages(principal, { stage: config.stage }).find((p) => p.id === page) : undefined;
  const dash = (reason: string, type: 'stopped' | 'error') => (
    <>
      <Box variant="awsui-value-large">—</Box>
      <StatusIndicator type={type}>{reason}</StatusIndicator>
    </>
  );
  const value =
    unavailable !== undefined || !query ? (
      dash(unavailable ?? 'Not reported', 'stopped')
    ) : query.isPending ? (
      <StatusIndicator type="loading">Loading</StatusIndicator>
    ) : query.isError ? (
      dash(unavailableReason(toProblem(query.error)), toProblem(query.error).status === 403 ? 'stopped' : 'error')
    ) : (
      <>
        <Box variant="awsui-value-large">{String(query.data)}</Box>
        {detail && <Box variant="small">{detail}</Box>}
      </>
    );
  return (
    <div>
      <Box variant="awsui-key-label">
        {target ? (
          <Link
            href={target.path}
            onFollow={(event) => {
              event.preventDefault();
              navigate(target.path);
            }}
          >
            {label}
          </Link>
        ) : (
          label
        )}
      </Box>
      {value}
    </div>
  );
}

export default function Overview() {
  const { config, apis } = useConsole();
  const { principal } = useAuth();
  const today = new Date().toISOString().slice(0, 10);
  const calls = useQuery({
    queryKey: ['routing', 'calls', 'summary', today],
    refetchInterval: 30_000,
    queryFn: () => must(apis.routing.GET('/calls/summary')),
  });
  const forwarded = useQuery({
    queryKey: ['forwarding', 'calls', 'summary', today],
    refetchInterval: 30_000,
    queryFn: () => must(apis.forwarding.GET('/calls/summary', { params: { query: { date: today } } })),
  });
  const texts = useQuery({
    queryKey: ['sms', 'metrics', today],
    refetchInterval: 30_000,
    queryFn: () => must(apis.sms.GET('/metrics', { params: { query: { from: today, to: today } } })),
  });
  const incidents = useQuery({
    queryKey: ['iot', 'incidents', 'open'],
    refetchInterval: 30_000,
    queryFn: () => must(apis.iot.GET('/incidents', { params: { query: { status: 'open', limit: 200 } } })),
  });
  const jobs = useQuery({
    queryKey: ['callouts', 'jobs'],
    refetchInterval: 30_000,
    queryFn: () => must(apis.callouts.GET('/jobs', { params: { query: { limit: 100 } } })),
  });
  const conversations = useQuery({
    queryKey: ['sms', 'conversations', 'open'],
    refetchInterval: 30_000,
    queryFn: () => must(apis.sms.GET('/conversations', { params: { query: { open: 'true', limit: 100 } } })),
  });
  const campaignCallsToday = {
    ...jobs,
    data: jobs.data?.items
      .filter((job) => job.createdAt.startsWith(today))
      .reduce(
        (sum, job) =>
          sum +
          Object.entries(job.progress ?? {})
            .filter(([state]) => state !== 'pending')
            .reduce((n, [, count]) => n + count, 0),
        0,
      ),
  };
  const callsToday = { ...calls, data: calls.data ? `${calls.data.total}${calls.data.complete ? '' : '+'}` : undefined };
  const offeredToday = { ...texts, data: texts.data ? (texts.data.totals.offered ?? 0) : undefined };
  const acceptedToday = { ...texts, data: texts.data ? (texts.data.totals.accepted ?? 0) : undefined };
  const escalatedToday = { ...texts, data: texts.data ? (texts.data.totals.escalated ?? 0) : undefined };
  const openIncidents = {
    ...incidents,
    data: incidents.data ? `${incidents.data.items.length}${incidents.data.items.length >= 200 ? '+' : ''}` : undefined,
  };
  const navigate = useNavigate();
  const links = visiblePages(principal, { stage: config.stage }).filter((page) => page.path !== '/');
  return (
    <ContentLayout
      header={
        <Header variant="h1" description="What is running and what happened today (UTC).">
          Overview
        </Header>
      }
    >
      <SpaceBetween size="l">
        <Container header={<Header variant="h2">Service health</Header>}>
          <ColumnLayout columns={5} variant="text-grid">
            {serviceNames.map((service) => (
              <HealthRow key={service} service={service} url={config.apis[service]} />
            ))}
          </ColumnLayout>
        </Container>
        <Container
          header={
            <Header variant="h2" description="Since midnight UTC. A figure your role may not read shows — and the role it needs.">
              Today
            </Header>
          }
        >
          <ColumnLayout columns={4} variant="text-grid">
            <Figure
              label="Calls"
              page="calls"
              query={callsToday}
              detail={calls.data ? `${calls.data.byOutcome.routed} routed, ${calls.data.byOutcome.deflected} continued by text` : undefined}
            />
            <Figure
              label="Forwarded calls"
              page="forwarding"
              query={{ ...forwarded, data: forwarded.data?.total }}
              detail={
                forwarded.data
                  ? `${forwarded.data.byOutcome.answered} answered, ${forwarded.data.byOutcome.noAnswer + forwarded.data.byOutcome.busy} unanswered or busy`
                  : undefined
              }
            />
            <Figure label="Campaign calls (jobs started today)" page="campaigns" query={campaignCallsToday} />
            <Figure label="Open incidents" page="incidents" query={openIncidents} />
            <Figure label="Calls offered a text" page="texts" query={offeredToday} />
            <Figure label="Callers who accepted the text" page="texts" query={acceptedToday} />
            <Figure label="Texts escalated to an agent" page="texts" query={escalatedToday} />
            <Figure label="Open conversations" page="texts" query={{ ...conversations, data: conversations.data?.items.length }} />
          </ColumnLayout>
        </Container>
        <Container header={<Header variant="h2">Go to</Header>}>
          <ColumnLayout columns={3} variant="text-grid">
            {links.map((page) => (
              <div key={page.id}>
                <Link
                  href={page.path}
                  onFollow={(event) => {
                    event.preventDefault();
                    navigate(page.path);
                  }}
                >
                  {page.title}
                </Link>
              </div>
            ))}
            {config.apis.forwarding && (
              <div>
                <Link href={`${config.apis.forwarding}/`} external>
                  My numbers (forwarding self-service)
                </Link>
              </div>
            )}
          </ColumnLayout>
        </Container>
      </SpaceBetween>
    </ContentLayout>
  );
}
