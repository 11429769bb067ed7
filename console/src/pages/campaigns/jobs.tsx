import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import Pagination from '@cloudscape-design/components/pagination';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { must } from '../../api/clients.ts';
import { useCan, useConsole } from '../../context.tsx';
import { EmptyState } from '../../components/table-helpers.tsx';
import { LoadError, formatDateTime } from '../../components/query-state.tsx';
import { CallingState, JobActions, TemplateDownload, pacingText } from './components.tsx';
import { type CalloutJob, progressCategories, progressSummary } from './logic.ts';

/** A running or paused job's live counts and waiting state (GET /jobs/{id}); finished jobs keep the list's counters. */
function useLiveJob(job: CalloutJob): CalloutJob {
  const { apis } = useConsole();
  const live = job.status === 'Running' || job.status === 'Paused' || (job.status === 'Cancelled' && !job.completedAt);
  const detail = useQuery({
    queryKey: ['callouts', 'job', job.jobId],
    enabled: live,
    refetchInterval: 3_000,
    queryFn: () => must(apis.callouts.GET('/jobs/{jobId}', { params: { path: { jobId: job.jobId } } })),
  });
  return live && detail.data ? detail.data : job;
}

function ProgressCell({ job }: { job: CalloutJob }) {
  const live = useLiveJob(job);
  const summary = progressSummary(live);
  const parts = progressCategories.filter((c) => summary.counts[c.id] > 0).map((c) => `${summary.counts[c.id]} ${c.label.toLowerCase()}`);
  return <ProgressBar value={summary.percent} ariaLabel={`${job.jobId} progress`} additionalInfo={parts.join(' · ') || 'No receivers'} />;
}
function StateCell({ job }: { job: CalloutJob }) {
  return <CallingState job={useLiveJob(job)} />;
}
function PacingCell({ job }: { job: CalloutJob }) {
  return <>{pacingText(useLiveJob(job))}</>;
}

export default function CampaignJobs() {
  const { apis } = useConsole();
  const navigate = useNavigate();
  const canCreate = useCan('createCallJob');
  const canManageList = useCan('manageDoNotCall');
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState(0);
  const list = useQuery({
    queryKey: ['callouts', 'jobs', tokens[page] ?? 'first'],
    refetchInterval: 3_000,
    queryFn: () => must(apis.callouts.GET('/jobs', { params: { query: { limit: 20, ...(tokens[page] ? { nextToken: tokens[page] } : {}) } } })),
  });
  const nextToken = list.data?.nextToken;
  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description="Outbound call campaigns: each job calls its receivers within their calling window, asks its questions and ends with an Excel and JSON report."
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button onClick={() => navigate('/campaigns/do-not-call')}>{canManageList ? 'Manage do-not-call list' : 'Do-not-call list'}</Button>
            {canCreate && <TemplateDownload />}
            {canCreate && (
              <Button variant="primary" onClick={() => navigate('/campaigns/new')}>
                New job
              </Button>
            )}
          </SpaceBetween>
        }
      >
        Campaigns
      </Header>
      {list.isError && <LoadError error={list.error} what="call jobs" />}
      <Table
        items={list.data?.items ?? []}
        loading={list.isPending}
        loadingText="Loading jobs"
        trackBy="jobId"
        variant="full-page"
        wrapLines
        ariaLabels={{ tableLabel: 'Call jobs' }}
        header={
          <Header
            counter={list.data ? `(${list.data.items.length}${nextToken ? '+' : ''})` : undefined}
            description="Newest first; live jobs refresh every 3 seconds."
          >
            Jobs
          </Header>
        }
        pagination={
          <Pagination
            currentPageIndex={page + 1}
            pagesCount={tokens.length}
            openEnd={Boolean(nextToken)}
            ariaLabels={{ nextPageLabel: 'Next page', previousPageLabel: 'Previous page', pageLabel: (n) => `Page ${n}` }}
            onChange={({ detail }) => {
              const index = detail.currentPageIndex - 1;
              if (index === tokens.length && nextToken) setTokens([...tokens, nextToken]);
              setPage(index);
            }}
          />
        }
        empty={
          <EmptyState
            title="No jobs yet"
            subtitle={canCreate ? 'Upload a workbook or paste a JSON job to start one.' : 'Campaign managers start jobs.'}
            action={canCreate ? <Button onClick={() => navigate('/campaigns/new')}>New job</Button> : undefined}
          />
        }
        columnDefinitions={[
          {
            id: 'jobId',
            header: 'Job',
            isRowHeader: true,
            minWidth: 150,
            cell: (job) => (
              <Link
                href={`/campaigns/${encodeURIComponent(job.jobId)}`}
                onFollow={(e) => {
                  e.preventDefault();
                  navigate(`/campaigns/${encodeURIComponent(job.jobId)}`);
                }}
              >
                {job.jobId}
              </Link>
            ),
          },
          { id: 'progress', header: 'Progress', minWidth: 200, cell: (job) => <ProgressCell job={job} /> },
          // The job's status with why its receivers wait (a separate status column would repeat it).
          { id: 'state', header: 'Status', minWidth: 220, cell: (job) => <StateCell job={job} /> },
          { id: 'pacing', header: 'Pacing', minWidth: 120, cell: (job) => <PacingCell job={job} /> },
          {
            id: 'created',
            header: 'Created',
            cell: (job) => (
              <>
                {formatDateTime(job.createdAt)}
                <Box fontSize="body-s" color="text-body-secondary">
                  {job.purpose} · from {job.source} · window {job.callingWindow.start}–{job.callingWindow.end}
                </Box>
              </>
            ),
          },
          { id: 'actions', header: 'Actions', minWidth: 170, cell: (job) => <JobActions job={job} /> },
        ]}
      />
      <Box color="text-body-secondary" fontSize="body-s">
        Calling windows are the receiver's local time; surveys and notifications wait for the window to open, operational calls do not. Do-not-call
        numbers are never dialled.
      </Box>
    </SpaceBetween>
  );
}
