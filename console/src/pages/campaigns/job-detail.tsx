import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import MixedLineBarChart from '@cloudscape-design/components/mixed-line-bar-chart';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { must } from '../../api/clients.ts';
import { useCan, useConsole } from '../../context.tsx';
import { LoadError, formatDateTime } from '../../components/query-state.tsx';
import { CallingState, JobActions, ProgressBars, PromptPreview, pacingText } from './components.tsx';
import { type CalloutJob, type ReceiverResult, answersByQuestion, callsOverTime, describeWaiting, statusIndicator } from './logic.ts';

/** At most this many result pages (100 each) are read for the table and the chart. */
const maxResultPages = 20;

const isLive = (job: CalloutJob | undefined) =>
  !job || job.status === 'Running' || job.status === 'Paused' || (!job.completedAt && job.status === 'Cancelled');

function CallsChart({ job, results }: { job: CalloutJob; results: ReceiverResult[] }) {
  const series = callsOverTime(results, new Date());
  if (!series) return <Box color="text-body-secondary">No call placed yet.</Box>;
  const label = (date: Date) =>
    date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', ...(series.bucketMs < 60_000 ? { second: '2-digit' } : {}) });
  const x = series.x.map(label);
  const cap = job.pacing?.maxConcurrency;
  return (
    <MixedLineBarChart
      height={220}
      xScaleType="categorical"
      xTitle={`Time (per ${series.bucketMs >= 60_000 ? `${series.bucketMs / 60_000} min` : `${series.bucketMs / 1000} s`})`}
      yTitle="Calls"
      yDomain={[0, Math.max(cap ?? 0, series.peak, Math.max(...series.placed)) + 1]}
      ariaLabel="Calls over time against the concurrency cap"
      hideFilter
      series={[
        { title: 'Calls placed', type: 'bar', data: x.map((value, i) => ({ x: value, y: series.placed[i]! })) },
        { title: 'On the line at once', type: 'line', data: x.map((value, i) => ({ x: value, y: series.onTheLine[i]! })) },
        ...(cap ? [{ title: 'Concurrency cap', type: 'threshold' as const, y: cap }] : []),
      ]}
      i18nStrings={{ legendAriaLabel: 'Legend', chartAriaRoleDescription: 'mixed bar and line chart', xTickFormatter: (value) => String(value) }}
      empty={<Box textAlign="center">No calls</Box>}
    />
  );
}

function ReceiverDetail({ job, result }: { job: CalloutJob; result: ReceiverResult }) {
  const { apis } = useConsole();
  const prompts = useQuery({
    queryKey: ['callouts', 'prompts', job.jobId, result.receiverId],
    queryFn: () =>
      must(
        apis.callouts.GET('/jobs/{jobId}/receivers/{receiverId}/prompts', { params: { path: { jobId: job.jobId, receiverId: result.receiverId } } }),
      ),
    retry: false,
  });
  return (
    <SpaceBetween size="l">
      <Table
        variant="container"
        header={
          <Header variant="h2" description={result.waiting ? describeWaiting({ ...result.waiting, receivers: 1 }, new Date()) : undefined}>
            Attempts for receiver {result.receiverId}
          </Header>
        }
        ariaLabels={{ tableLabel: `Attempts for ${result.receiverId}` }}
        items={result.attemptHistory}
        trackBy="attempt"
        empty={<Box textAlign="center">Not called yet</Box>}
        columnDefinitions={[
          { id: 'attempt', header: 'Attempt', cell: (a) => a.attempt },
          { id: 'started', header: 'Started', cell: (a) => formatDateTime(a.startedAt) },
          { id: 'ended', header: 'Ended', cell: (a) => formatDateTime(a.endedAt) },
          { id: 'outcome', header: 'Outcome', cell: (a) => a.outcome ?? 'On the line' },
          { id: 'error', header: 'Note', cell: (a) => a.error ?? '—' },
        ]}
      />
      <Table
        variant="container"
        header={<Header variant="h2">Answers</Header>}
        ariaLabels={{ tableLabel: `Answers of ${result.receiverId}` }}
        items={answersByQuestion(job, result)}
        trackBy="index"
        columnDefinitions={[
          { id: 'index', header: 'Question', cell: (a) => a.index },
          { id: 'type', header: 'Type', cell: (a) => a.type },
          { id: 'template', header: 'Asked', cell: (a) => job.questions.find((q) => q.index === a.index)?.template ?? '' },
          { id: 'answer', header: 'Answer', cell: (a) => a.answer ?? '—' },
        ]}
      />
      {prompts.data && <PromptPreview prompts={prompts.data} />}
      {prompts.isError && <Box color="text-body-secondary">The prompts are shown to admins and the job's creator.</Box>}
    </SpaceBetween>
  );
}

function ReportLinks({ job }: { job: CalloutJob }) {
  const { apis } = useConsole();
  const report = useQuery({
    queryKey: ['callouts', 'report', job.jobId],
    enabled: Boolean(job.report),
    queryFn: () => must(apis.callouts.GET('/jobs/{jobId}/report', { params: { path: { jobId: job.jobId } } })),
  });
  if (!job.report || !report.data) return null;
  // Local presigned links are relative to the callouts API; on AWS they are absolute S3 URLs.
  const absolute = (url: string) => new URL(url, `${apis.urls.callouts ?? window.location.origin}/`).href;
  return (
    <SpaceBetween direction="horizontal" size="xs">
      <Button iconName="download" href={absolute(report.data.url)} download={`${job.jobId}.xlsx`}>
        Excel report
      </Button>
      {report.data.jsonUrl && (
        <Button iconName="download" href={absolute(report.data.jsonUrl)} download={`${job.jobId}.json`}>
          JSON report
        </Button>
      )}
    </SpaceBetween>
  );
}

export default function CampaignJobDetail() {
  const { jobId = '' } = useParams();
  const { apis } = useConsole();
  const canManage = useCan('manageCallJobs');
  const [selected, setSelected] = useState<string>();
  const job = useQuery({
    queryKey: ['callouts', 'job', jobId],
    refetchInterval: (query) => (isLive(query.state.data) ? 2_000 : false),
    queryFn: () => must(apis.callouts.GET('/jobs/{jobId}', { params: { path: { jobId } } })),
  });
  const results = useQuery({
    // Keyed by the job's state too: when the job completes, the results are read once more (polling stops then).
    queryKey: ['callouts', 'results', jobId, job.data?.status ?? '', job.data?.completedAt ?? ''],
    placeholderData: keepPreviousData,
    refetchInterval: isLive(job.data) ? 2_000 : false,
    queryFn: async () => {
      const items: ReceiverResult[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < maxResultPages; page += 1) {
        const data = await must(
          apis.callouts.GET('/jobs/{jobId}/results', { params: { path: { jobId }, query: { limit: 100, ...(nextToken ? { nextToken } : {}) } } }),
        );
        items.push(...data.items);
        nextToken = data.nextToken;
        if (!nextToken) break;
      }
      return { items, truncated: Boolean(nextToken) };
    },
  });
  if (job.isError) return <LoadError error={job.error} what={`job ${jobId}`} />;
  const data = job.data;
  const items = results.data?.items ?? [];
  const chosen = items.find((r) => r.receiverId === selected);
  const questions = data?.questions ?? [];
  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description={data ? `${data.receiverCount} receivers · ${data.purpose} · from ${data.source}` : undefined}
        actions={
          data && (
            <SpaceBetween direction="horizontal" size="xs">
              <ReportLinks job={data} />
              {canManage && <JobActions job={data} />}
            </SpaceBetween>
          )
        }
      >
        Job {jobId}
      </Header>
      {data && (
        <Container header={<Header variant="h2">Progress</Header>}>
          <SpaceBetween size="l">
            <KeyValuePairs
              columns={4}
              items={[
                { label: 'Status', value: <StatusIndicator type={statusIndicator[data.status] ?? 'info'}>{data.status}</StatusIndicator> },
                { label: 'Calling now', value: <CallingState job={data} /> },
                { label: 'Pacing', value: pacingText(data) },
                { label: 'Calling window', value: `${data.callingWindow.start}–${data.callingWindow.end} receiver's local time` },
                { label: 'Created', value: formatDateTime(data.createdAt) },
                { label: 'Completed', value: formatDateTime(data.completedAt) },
                { label: 'Done', value: `${data.progress?.done ?? 0} of ${data.receiverCount}` },
                ...(data.cancelReason ? [{ label: 'Cancelled', value: data.cancelReason }] : []),
              ]}
            />
            <ProgressBars job={data} />
          </SpaceBetween>
        </Container>
      )}
      {data && (
        <Container
          header={
            <Header variant="h2" description="Calls placed per interval, and the most on the line at once, against the stage's concurrency cap.">
              Calls over time
            </Header>
          }
        >
          <CallsChart job={data} results={items} />
        </Container>
      )}
      <Table
        variant="container"
        items={items}
        loading={results.isPending}
        loadingText="Loading receivers"
        trackBy="receiverId"
        selectionType="single"
        selectedItems={chosen ? [chosen] : []}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems[0]?.receiverId)}
        ariaLabels={{
          tableLabel: 'Receivers',
          selectionGroupLabel: 'Receiver selection',
          itemSelectionLabel: (_, item) => `Select receiver ${item.receiverId}`,
        }}
        header={
          <Header
            counter={`(${items.length}${results.data?.truncated ? '+' : ''})`}
            description="Select a receiver for its attempts, answers and prompts."
          >
            Receivers
          </Header>
        }
        columnDefinitions={[
          { id: 'receiverId', header: 'Receiver', isRowHeader: true, cell: (r) => r.receiverId },
          { id: 'phone', header: 'Number', cell: (r) => r.phoneNumber },
          { id: 'status', header: 'Status', cell: (r) => <StatusIndicator type={statusIndicator[r.status] ?? 'info'}>{r.status}</StatusIndicator> },
          {
            id: 'attempts',
            header: 'Attempts',
            cell: (r) => r.attemptHistory.map((a) => `${a.attempt}: ${a.outcome ?? 'on the line'}`).join(' · ') || '—',
          },
          ...questions.map((q) => ({
            id: `q${q.index}`,
            header: `Q${q.index} ${q.type}`,
            cell: (r: ReceiverResult) => r.answers[q.index - 1] ?? '—',
          })),
          { id: 'callAt', header: 'First call', cell: (r) => formatDateTime(r.callAt) },
          { id: 'error', header: 'Note', cell: (r) => r.error ?? (r.waiting ? describeWaiting({ ...r.waiting, receivers: 1 }, new Date()) : '—') },
        ]}
      />
      {data && chosen && <ReceiverDetail job={data} result={chosen} />}
    </SpaceBetween>
  );
}
