import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Modal from '@cloudscape-design/components/modal';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { must } from '../../api/clients.ts';
import { toProblem } from '../../api/problem.ts';
import { useConsole } from '../../context.tsx';
import { useNotifications } from '../../shell/notifications.tsx';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import { type CallJobCheck, type CalloutJob, type IssueRow, describeWaiting, progressCategories, progressSummary, ssmlToText } from './logic.ts';

/** One bar per category (pending, dialing, completed, failed, do-not-call, cancelled) over the job's receivers. */
export function ProgressBars({ job }: { job: CalloutJob }) {
  const summary = progressSummary(job);
  return (
    <ColumnLayout columns={3} variant="text-grid">
      {progressCategories.map((category) => (
        <ProgressBar
          key={category.id}
          label={category.label}
          value={summary.total === 0 ? 0 : (summary.counts[category.id] / summary.total) * 100}
          additionalInfo={`${summary.counts[category.id]} of ${summary.total}`}
          ariaLabel={`${category.label}: ${summary.counts[category.id]} of ${summary.total}`}
        />
      ))}
    </ColumnLayout>
  );
}

/** The job's state now: its status, and for a running job why receivers wait (calling window, retries). */
export function CallingState({ job }: { job: CalloutJob }) {
  const now = new Date();
  const summary = progressSummary(job);
  if (job.status === 'Completed') return <StatusIndicator type="success">Completed</StatusIndicator>;
  if (job.status === 'Cancelled')
    return <StatusIndicator type="stopped">{job.completedAt ? 'Cancelled' : 'Cancelling: calls on the line finish'}</StatusIndicator>;
  if (job.status === 'Paused') return <StatusIndicator type="stopped">Paused</StatusIndicator>;
  const waits = (job.waiting ?? []).filter((w) => w.reason !== 'Paused');
  return (
    <SpaceBetween size="xxs">
      <StatusIndicator type="in-progress">
        {summary.counts.dialing > 0 ? `Calling: ${summary.counts.dialing} on the line` : 'Running'}
      </StatusIndicator>
      {waits.map((w) => (
        <Box key={w.reason} fontSize="body-s" color="text-body-secondary">
          {describeWaiting(w, now)}
        </Box>
      ))}
    </SpaceBetween>
  );
}

export function pacingText(job: CalloutJob): string {
  if (!job.pacing) return '—';
  const summary = progressSummary(job);
  return `${summary.counts.dialing}/${job.pacing.maxConcurrency} at once · ${job.pacing.dialsPerSecond} dials/s`;
}

type Action = 'pause' | 'resume' | 'cancel';
const actionText: Record<Action, { title: string; button: string; body: string }> = {
  pause: {
    title: 'Pause job',
    button: 'Pause',
    body: 'No new calls are placed while the job is paused; calls on the line finish. Resume continues where it stopped.',
  },
  resume: { title: 'Resume job', button: 'Resume', body: "Calling continues, within each receiver's calling window and attempt limits." },
  cancel: {
    title: 'Cancel job',
    button: 'Cancel job',
    body: 'Receivers not yet called are cancelled and never called; calls on the line end on their own. The job then completes with its report. This cannot be undone.',
  },
};

/** Pause / resume / cancel, each behind a confirmation modal. */
export function JobActions({ job }: { job: CalloutJob }) {
  const { apis } = useConsole();
  const { notify } = useNotifications();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState<Action>();
  const act = useMutation({
    mutationFn: (action: Action) => {
      const params = { params: { path: { jobId: job.jobId } } };
      if (action === 'pause') return must(apis.callouts.POST('/jobs/{jobId}/pause', params));
      if (action === 'resume') return must(apis.callouts.POST('/jobs/{jobId}/resume', params));
      return must(apis.callouts.POST('/jobs/{jobId}/cancel', params));
    },
    onSuccess: (updated, action) => {
      setConfirming(undefined);
      notify('success', `Job ${updated.jobId}: ${action === 'cancel' ? 'cancelled' : action === 'pause' ? 'paused' : 'resumed'}`);
      void client.invalidateQueries({ queryKey: ['callouts'] });
    },
    onError: (error) => {
      setConfirming(undefined);
      notify('error', 'The job could not change', toProblem(error).detail);
    },
  });
  const open = job.status === 'Running' || job.status === 'Paused';
  return (
    <>
      <SpaceBetween direction="horizontal" size="xs">
        {job.status === 'Running' && (
          <Button onClick={() => setConfirming('pause')} ariaLabel={`Pause ${job.jobId}`}>
            Pause
          </Button>
        )}
        {job.status === 'Paused' && (
          <Button onClick={() => setConfirming('resume')} ariaLabel={`Resume ${job.jobId}`}>
            Resume
          </Button>
        )}
        {open && (
          <Button onClick={() => setConfirming('cancel')} ariaLabel={`Cancel ${job.jobId}`}>
            Cancel
          </Button>
        )}
      </SpaceBetween>
      {confirming && (
        <Modal
          visible
          header={`${actionText[confirming].title} ${job.jobId}?`}
          onDismiss={() => setConfirming(undefined)}
          footer={
            <Box float="right">
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setConfirming(undefined)}>
                  Keep as it is
                </Button>
                <Button variant="primary" loading={act.isPending} onClick={() => act.mutate(confirming)}>
                  {actionText[confirming].button}
                </Button>
              </SpaceBetween>
            </Box>
          }
        >
          {actionText[confirming].body}
        </Modal>
      )}
    </>
  );
}

/** Validation issues as a table by sheet, row and column (errors first, then warnings). */
export function IssuesTable({ rows, header }: { rows: IssueRow[]; header: string }) {
  return (
    <Table
      items={rows}
      trackBy="key"
      variant="container"
      wrapLines
      ariaLabels={{ tableLabel: header }}
      header={<Box variant="h2">{header}</Box>}
      columnDefinitions={[
        {
          id: 'severity',
          header: 'Severity',
          minWidth: 120,
          cell: (r) => (
            <StatusIndicator type={r.severity === 'error' ? 'error' : 'warning'}>{r.severity === 'error' ? 'Error' : 'Warning'}</StatusIndicator>
          ),
        },
        { id: 'sheet', header: 'Sheet', cell: (r) => r.sheet },
        { id: 'row', header: 'Row', cell: (r) => r.row ?? '—' },
        { id: 'column', header: 'Column', cell: (r) => r.column ?? '—' },
        { id: 'reason', header: 'Problem', cell: (r) => r.reason },
      ]}
      empty={<Box textAlign="center">No issues</Box>}
    />
  );
}

/** Fetches the template workbook with the session's token and saves it (a blob link: the API needs the bearer token). */
export function TemplateDownload() {
  const { apis } = useConsole();
  const { notify } = useNotifications();
  const download = useMutation({
    mutationFn: async () => {
      const { data, response } = await apis.callouts.GET('/templates/call-job.xlsx', { parseAs: 'blob' });
      if (!response.ok || !data) throw new Error(`the template could not be downloaded (${response.status})`);
      const url = URL.createObjectURL(data as Blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = 'call_job_template.xlsx';
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    onError: (error) => notify('error', 'Template download failed', toProblem(error).detail),
  });
  return (
    <Button iconName="download" loading={download.isPending} onClick={() => download.mutate()}>
      Download template workbook
    </Button>
  );
}

/** A receiver's prompts: what the callee hears beside the SSML Polly is given. */
export function PromptPreview({ prompts }: { prompts: NonNullable<CallJobCheck['preview']> }) {
  const parts = [
    { label: 'Greeting', ssml: prompts.greeting },
    ...prompts.questions.map((q) => ({ label: `Question ${q.index} (${q.type})`, ssml: q.prompt })),
    { label: 'Ending', ssml: prompts.ending },
  ];
  return (
    <Container
      header={
        <Header variant="h2" description="What the callee hears, and the SSML Amazon Polly is given (receiver data escaped).">
          Prompts for receiver {prompts.receiverId}
        </Header>
      }
    >
      <SpaceBetween size="s">
        {parts.map((part) => (
          <ColumnLayout key={part.label} columns={2} variant="text-grid">
            <div>
              <Box variant="awsui-key-label">{part.label}</Box>
              <Box>{ssmlToText(part.ssml) || '—'}</Box>
            </div>
            <div>
              <Box variant="awsui-key-label">SSML</Box>
              <Box variant="code">{`<speak>${part.ssml}</speak>`}</Box>
            </div>
          </ColumnLayout>
        ))}
      </SpaceBetween>
    </Container>
  );
}
