import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import FileDropzone from '@cloudscape-design/components/file-dropzone';
import FileInput from '@cloudscape-design/components/file-input';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Tabs from '@cloudscape-design/components/tabs';
import Textarea from '@cloudscape-design/components/textarea';
import { must } from '../../api/clients.ts';
import { toProblem } from '../../api/problem.ts';
import { useConsole } from '../../context.tsx';
import { IssuesTable, PromptPreview, TemplateDownload } from './components.tsx';
import { type CallJobCheck, exampleJsonJob, issueRows, problemIssueRows } from './logic.ts';

/** Workbook names become job ids the way callouts makes them (the seed uses the file name as task_id). */
const jobIdFromFile = (name: string) =>
  name
    .replace(/\.xlsx$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 128);

function CheckResult({ check, onStart, starting }: { check: CallJobCheck; onStart: () => void; starting: boolean }) {
  const rows = issueRows(check);
  const errors = rows.filter((r) => r.severity === 'error').length;
  const summary = check.summary;
  return (
    <SpaceBetween size="l">
      {check.valid ? (
        <Alert
          type="success"
          header="Ready to start"
          action={
            <Button variant="primary" loading={starting} onClick={onStart}>
              Start job
            </Button>
          }
        >
          {summary
            ? `${summary.receivers} receiver${summary.receivers === 1 ? '' : 's'} to call, ${summary.questions.length} question${summary.questions.length === 1 ? '' : 's'}.`
            : ''}
          {summary && summary.skippedRows > 0
            ? ` ${summary.skippedRows} row${summary.skippedRows === 1 ? '' : 's'} skipped (in the report as NotCallable).`
            : ''}{' '}
          Nothing has been called yet.
        </Alert>
      ) : (
        <Alert type="error" header={`${errors} problem${errors === 1 ? '' : 's'} found`}>
          Fix them in the source and check again; nothing was stored or called.
        </Alert>
      )}
      {rows.length > 0 && <IssuesTable rows={rows} header={check.valid ? 'Warnings' : 'Validation issues'} />}
      {summary && (
        <Container header={<Header variant="h2">Job</Header>}>
          <KeyValuePairs
            columns={4}
            items={[
              { label: 'Job id', value: summary.taskId },
              { label: 'Purpose', value: summary.purpose },
              { label: 'Calling window', value: `${summary.callingWindow.start}–${summary.callingWindow.end} local time` },
              { label: 'Attempts per receiver', value: String(summary.maxAttempts) },
              { label: 'Receivers', value: String(summary.receivers) },
              { label: 'Extra columns', value: summary.extraColumns.join(', ') || '—' },
              { label: 'Questions', value: summary.questions.map((q) => `${q.index}. ${q.type}`).join(' · ') || 'None (greeting and ending only)' },
            ]}
          />
        </Container>
      )}
      {check.preview && <PromptPreview prompts={check.preview} />}
    </SpaceBetween>
  );
}

function useStarted() {
  const navigate = useNavigate();
  const client = useQueryClient();
  return (jobId: string) => {
    void client.invalidateQueries({ queryKey: ['callouts'] });
    navigate(`/campaigns/${encodeURIComponent(jobId)}`);
  };
}

function WorkbookJob() {
  const { apis } = useConsole();
  const started = useStarted();
  const [files, setFiles] = useState<File[]>([]);
  const [taskId, setTaskId] = useState('');
  type Upload = { file: File; taskId: string };
  const form = ({ file, taskId: id }: Upload) => {
    const data = new FormData();
    data.set('file', file);
    if (id.trim()) data.set('task_id', id.trim());
    return data;
  };
  const validate = useMutation({
    mutationFn: (upload: Upload) => must(apis.callouts.POST('/jobs/validate', { body: form(upload) as never })),
  });
  const start = useMutation({
    mutationFn: (upload: Upload) => must(apis.callouts.POST('/jobs', { body: form(upload) as never })),
    onSuccess: (result) => started(result.job.jobId),
  });
  const choose = (chosen: File[]) => {
    const file = chosen[0];
    setFiles(file ? [file] : []);
    start.reset();
    if (!file) return validate.reset();
    // A new file gets its own id (editable before the job starts), as callouts names an upload without task_id.
    const id = jobIdFromFile(file.name);
    setTaskId(id);
    validate.mutate({ file, taskId: id });
  };
  const file = files[0];
  return (
    <SpaceBetween size="l">
      <Container
        header={
          <Header
            variant="h2"
            description="Sheets configures, questions and receivers, as in the template. The workbook is checked before anything is called."
            actions={<TemplateDownload />}
          >
            Workbook
          </Header>
        }
      >
        <SpaceBetween size="m">
          <FileDropzone onChange={({ detail }) => choose(detail.value)}>
            <SpaceBetween size="xs" alignItems="center">
              <Box color="inherit">Drop a call-job workbook (.xlsx) here</Box>
              <FileInput
                value={files}
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                ariaLabel="Choose a call-job workbook"
                onChange={({ detail }) => choose(detail.value)}
              >
                Choose file
              </FileInput>
            </SpaceBetween>
          </FileDropzone>
          <ColumnLayout columns={2}>
            <FormField label="Workbook">
              <Box>{file ? `${file.name} (${Math.ceil(file.size / 1024)} KB)` : 'None chosen'}</Box>
            </FormField>
            <FormField label="Job id" description="Defaults to the file name; the same id with the same content is the same job.">
              <Input value={taskId} onChange={({ detail }) => setTaskId(detail.value)} ariaLabel="Job id" />
            </FormField>
          </ColumnLayout>
          {file && (
            <Button onClick={() => validate.mutate({ file, taskId })} loading={validate.isPending}>
              Check again
            </Button>
          )}
        </SpaceBetween>
      </Container>
      {validate.isError && <IssuesTable rows={problemIssueRows(toProblem(validate.error))} header="The workbook was refused" />}
      {start.isError && <IssuesTable rows={problemIssueRows(toProblem(start.error))} header="The job was not started" />}
      {validate.data && file && <CheckResult check={validate.data} starting={start.isPending} onStart={() => start.mutate({ file, taskId })} />}
    </SpaceBetween>
  );
}

function JsonJob() {
  const { apis } = useConsole();
  const started = useStarted();
  const [text, setText] = useState(() => JSON.stringify(exampleJsonJob, null, 2));
  const parsed = (() => {
    try {
      return { ok: true as const, value: JSON.parse(text) as unknown };
    } catch (error) {
      return { ok: false as const, error: error instanceof Error ? error.message : String(error) };
    }
  })();
  const validate = useMutation({ mutationFn: (job: unknown) => must(apis.callouts.POST('/jobs/validate', { body: job as never })) });
  const start = useMutation({
    mutationFn: (job: unknown) => must(apis.callouts.POST('/jobs', { body: job as never })),
    onSuccess: (result) => started(result.job.jobId),
  });
  return (
    <SpaceBetween size="l">
      <Container
        header={
          <Header
            variant="h2"
            description="The call-task JSON other systems send to POST /jobs: task_id, greeting, ending, questions, receivers and optional settings."
          >
            JSON job
          </Header>
        }
      >
        <SpaceBetween size="m">
          <FormField label="Job (JSON)" errorText={parsed.ok ? undefined : `Not valid JSON: ${parsed.error}`} stretch>
            <Textarea
              value={text}
              rows={18}
              spellcheck={false}
              onChange={({ detail }) => {
                setText(detail.value);
                validate.reset();
                start.reset();
              }}
            />
          </FormField>
          <SpaceBetween direction="horizontal" size="xs">
            <Button disabled={!parsed.ok} loading={validate.isPending} onClick={() => parsed.ok && validate.mutate(parsed.value)}>
              Validate
            </Button>
            <Button variant="link" onClick={() => setText(JSON.stringify(exampleJsonJob, null, 2))}>
              Reset to the example
            </Button>
          </SpaceBetween>
        </SpaceBetween>
      </Container>
      {validate.isError && <IssuesTable rows={problemIssueRows(toProblem(validate.error))} header="Validation issues" />}
      {start.isError && <IssuesTable rows={problemIssueRows(toProblem(start.error))} header="The job was not started" />}
      {validate.data && parsed.ok && <CheckResult check={validate.data} starting={start.isPending} onStart={() => start.mutate(parsed.value)} />}
    </SpaceBetween>
  );
}

export default function NewCampaignJob() {
  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description="Upload a workbook or write a JSON job; every problem is listed by sheet, row and column before anyone is called."
      >
        New call job
      </Header>
      <Tabs
        tabs={[
          { id: 'workbook', label: 'Workbook upload', content: <WorkbookJob /> },
          { id: 'json', label: 'JSON job', content: <JsonJob /> },
        ]}
      />
    </SpaceBetween>
  );
}
