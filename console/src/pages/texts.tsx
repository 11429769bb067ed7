import { useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useCollection } from '@cloudscape-design/collection-hooks';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Link from '@cloudscape-design/components/link';
import Modal from '@cloudscape-design/components/modal';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import Tabs from '@cloudscape-design/components/tabs';
import TextFilter from '@cloudscape-design/components/text-filter';
import Textarea from '@cloudscape-design/components/textarea';
import { must } from '../api/clients.ts';
import { formErrors, toProblem } from '../api/problem.ts';
import type { components } from '../api/generated/sms.ts';
import { useAuth } from '../auth/auth.tsx';
import { useCan, useConsole } from '../context.tsx';
import { EmptyState, paginationLabels } from '../components/table-helpers.tsx';
import { LoadError, formatDateTime, formatDuration } from '../components/query-state.tsx';
import { useNotifications } from '../shell/notifications.tsx';
import { stateIndicator, stateLabels, waitMs } from './texts-shared.ts';

type FaqEntry = components['schemas']['FaqEntry'];

function Conversations() {
  const { apis } = useConsole();
  const navigate = useNavigate();
  const [phone, setPhone] = useState('');
  const [search, setSearch] = useState('');
  const list = useQuery({
    queryKey: ['sms', 'conversations', search || 'open'],
    refetchInterval: 5_000,
    queryFn: () =>
      must(apis.sms.GET('/conversations', { params: { query: search ? { phoneNumber: search, limit: 50 } : { open: 'true', limit: 100 } } })),
  });
  const now = Date.now();
  const { items, collectionProps, paginationProps } = useCollection(list.data?.items ?? [], {
    filtering: {
      empty: (
        <EmptyState
          title={search ? `No conversations with ${search}` : 'No open conversations'}
          subtitle="A caller offered a text, or a customer texting in, starts one."
        />
      ),
    },
    sorting: { defaultState: { sortingColumn: { sortingField: 'lastActivityAt' }, isDescending: true } },
    pagination: { pageSize: 20 },
  });
  return (
    <SpaceBetween size="m">
      {list.isError && <LoadError error={list.error} what="conversations" />}
      <Table
        {...collectionProps}
        items={items}
        loading={list.isPending}
        loadingText="Loading conversations"
        trackBy="conversationId"
        header={
          <Header
            counter={list.data ? `(${list.data.items.length})` : undefined}
            description={search ? `Every conversation with ${search}, newest first.` : 'Open conversations, refreshed every 5 seconds.'}
            actions={
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  setSearch(phone.trim());
                }}
              >
                <SpaceBetween direction="horizontal" size="xs">
                  <Input value={phone} placeholder="+14255550182" ariaLabel="Phone number" onChange={({ detail }) => setPhone(detail.value)} />
                  <Button>{phone.trim() ? 'Find by number' : 'Show open'}</Button>
                </SpaceBetween>
              </form>
            }
          >
            Conversations
          </Header>
        }
        pagination={<Pagination {...paginationProps} ariaLabels={paginationLabels} />}
        columnDefinitions={[
          {
            id: 'phone',
            header: 'Customer',
            isRowHeader: true,
            cell: (c) => (
              <Link
                href={`/texts/${encodeURIComponent(c.conversationId)}`}
                onFollow={(event) => {
                  event.preventDefault();
                  navigate(`/texts/${encodeURIComponent(c.conversationId)}`);
                }}
              >
                {c.phoneNumber}
              </Link>
            ),
          },
          {
            id: 'state',
            header: 'State',
            sortingField: 'state',
            cell: (c) => <StatusIndicator type={stateIndicator[c.state]}>{stateLabels[c.state]}</StatusIndicator>,
          },
          { id: 'department', header: 'Department', cell: (c) => c.department ?? '—' },
          {
            id: 'wait',
            header: 'Waited for an agent',
            cell: (c) => {
              const ms = waitMs(c, now);
              return ms === undefined ? '—' : formatDuration(ms);
            },
          },
          { id: 'agent', header: 'Agent', cell: (c) => c.agentName ?? '—' },
          { id: 'messages', header: 'Texts in / out', cell: (c) => `${c.counters.inbound} / ${c.counters.outbound}` },
          { id: 'last', header: 'Last activity', sortingField: 'lastActivityAt', cell: (c) => formatDateTime(c.lastActivityAt) },
        ]}
      />
    </SpaceBetween>
  );
}

function download(filename: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.click();
  URL.revokeObjectURL(url);
}

function FaqEditor() {
  const { apis } = useConsole();
  const canEdit = useCan('editFaq');
  const queryClient = useQueryClient();
  const { notify } = useNotifications();
  const file = useRef<HTMLInputElement>(null);
  const [editing, setEditing] = useState<{ index: number; entry: FaqEntry; utterances: string }>();
  const faq = useQuery({ queryKey: ['sms', 'faq'], queryFn: () => must(apis.sms.GET('/faq')) });
  const unanswered = useQuery({
    queryKey: ['sms', 'faq', 'unanswered'],
    queryFn: () => must(apis.sms.GET('/faq/unanswered', { params: { query: { limit: 10 } } })),
  });
  const entries: FaqEntry[] = faq.data && typeof faq.data === 'object' ? faq.data.items : [];
  const saved = async (result: { written: number; removed: number }) => {
    await queryClient.invalidateQueries({ queryKey: ['sms', 'faq'] });
    notify('success', 'FAQ saved', `${result.written} entries written, ${result.removed} removed; the bot is rebuilt from them.`);
  };
  const save = useMutation({
    mutationFn: (next: FaqEntry[]) => must(apis.sms.PUT('/faq', { body: next })),
    onSuccess: async (result) => {
      setEditing(undefined);
      await saved(result);
    },
  });
  const importCsv = useMutation({
    mutationFn: async (csv: string) =>
      must(apis.sms.PUT('/faq/csv', { body: csv, bodySerializer: (body) => body, headers: { 'content-type': 'text/csv' } })),
    onSuccess: saved,
    onError: (error) => notify('error', 'The CSV was not imported', toProblem(error).detail ?? toProblem(error).title),
  });
  const exportCsv = async () => {
    const csv = await must(apis.sms.GET('/faq', { params: { query: { format: 'csv' } }, parseAs: 'text' }));
    download('faq.csv', String(csv), 'text/csv');
  };
  const editErrors = save.isError
    ? formErrors(toProblem(save.error), ['question', 'utterances', 'answer', 'id'], { prefix: `body.${editing?.index ?? 0}` })
    : undefined;
  const { items, collectionProps, filterProps, paginationProps } = useCollection(entries, {
    filtering: { empty: <EmptyState title="The FAQ is empty" subtitle="The bot can only hand customers to an agent." /> },
    pagination: { pageSize: 10 },
    selection: {},
  });
  const selected = collectionProps.selectedItems?.[0];
  return (
    <SpaceBetween size="m">
      {faq.isError && <LoadError error={faq.error} what="the FAQ" />}
      <Table
        {...collectionProps}
        items={items}
        trackBy="id"
        loading={faq.isPending}
        selectionType={canEdit ? 'single' : undefined}
        ariaLabels={{
          selectionGroupLabel: 'FAQ entries',
          itemSelectionLabel: (_, item) => `Select ${item.question}`,
          allItemsSelectionLabel: () => 'Select all',
        }}
        header={
          <Header
            counter={faq.data ? `(${entries.length})` : undefined}
            description="What the text bot answers. Each entry: the question, other ways customers ask it, and the answer."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="download" onClick={() => void exportCsv()}>
                  Export CSV
                </Button>
                {canEdit && (
                  <>
                    <Button iconName="upload" loading={importCsv.isPending} onClick={() => file.current?.click()}>
                      Import CSV
                    </Button>
                    <input
                      ref={file}
                      type="file"
                      accept=".csv,text/csv"
                      aria-label="FAQ CSV file"
                      hidden
                      onChange={async (event) => {
                        const chosen = event.target.files?.[0];
                        event.target.value = '';
                        if (chosen) importCsv.mutate(await chosen.text());
                      }}
                    />
                    <Button
                      disabled={!selected}
                      loading={save.isPending && !editing}
                      onClick={() => selected && save.mutate(entries.filter((e) => e.id !== selected.id))}
                    >
                      Remove
                    </Button>
                    <Button
                      disabled={!selected}
                      onClick={() =>
                        selected &&
                        setEditing({ index: entries.indexOf(selected), entry: { ...selected }, utterances: selected.utterances.join('\n') })
                      }
                    >
                      Edit
                    </Button>
                    <Button
                      variant="primary"
                      onClick={() =>
                        setEditing({
                          index: entries.length,
                          entry: { id: `faq-${Date.now()}`, question: '', utterances: [], answer: '' },
                          utterances: '',
                        })
                      }
                    >
                      Add entry
                    </Button>
                  </>
                )}
              </SpaceBetween>
            }
          >
            FAQ
          </Header>
        }
        filter={<TextFilter {...filterProps} filteringPlaceholder="Find questions" filteringAriaLabel="Filter FAQ" />}
        pagination={<Pagination {...paginationProps} ariaLabels={paginationLabels} />}
        columnDefinitions={[
          { id: 'question', header: 'Question', isRowHeader: true, cell: (e) => e.question },
          { id: 'utterances', header: 'Also asked as', cell: (e) => e.utterances.join(' · ') || '—' },
          { id: 'answer', header: 'Answer', cell: (e) => e.answer },
        ]}
      />
      <Table
        header={
          <Header variant="h3" description="What customers asked that the bot could not answer: candidates for the FAQ.">
            Unanswered questions
          </Header>
        }
        items={unanswered.data?.items ?? []}
        loading={unanswered.isPending}
        trackBy="question"
        variant="embedded"
        empty={<Box textAlign="center">None so far.</Box>}
        columnDefinitions={[
          { id: 'q', header: 'Question', cell: (q) => q.question },
          { id: 'n', header: 'Times asked', cell: (q) => q.count },
          { id: 'last', header: 'Last asked', cell: (q) => formatDateTime(q.lastAskedAt) },
        ]}
      />
      {editing && (
        <Modal
          visible
          header={editing.index === entries.length ? 'Add FAQ entry' : 'Edit FAQ entry'}
          onDismiss={() => setEditing(undefined)}
          footer={
            <Box float="right">
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setEditing(undefined)}>
                  Cancel
                </Button>
                <Button
                  variant="primary"
                  loading={save.isPending}
                  onClick={() => {
                    const entry = {
                      ...editing.entry,
                      utterances: editing.utterances
                        .split('\n')
                        .map((u) => u.trim())
                        .filter(Boolean),
                    };
                    const next = [...entries];
                    next[editing.index] = entry;
                    save.mutate(next);
                  }}
                >
                  Save FAQ
                </Button>
              </SpaceBetween>
            </Box>
          }
        >
          <SpaceBetween size="m">
            {editErrors && editErrors.form.length > 0 && <Alert type="error">{editErrors.form.join(' ')}</Alert>}
            <FormField label="Question" errorText={editErrors?.fields.question}>
              <Input
                value={editing.entry.question}
                onChange={({ detail }) => setEditing({ ...editing, entry: { ...editing.entry, question: detail.value } })}
              />
            </FormField>
            <FormField label="Also asked as" description="One phrasing per line." errorText={editErrors?.fields.utterances}>
              <Textarea rows={3} value={editing.utterances} onChange={({ detail }) => setEditing({ ...editing, utterances: detail.value })} />
            </FormField>
            <FormField label="Answer" errorText={editErrors?.fields.answer}>
              <Textarea
                rows={3}
                value={editing.entry.answer}
                onChange={({ detail }) => setEditing({ ...editing, entry: { ...editing.entry, answer: detail.value } })}
              />
            </FormField>
          </SpaceBetween>
        </Modal>
      )}
    </SpaceBetween>
  );
}

function OptOuts() {
  const { apis } = useConsole();
  const canManage = useCan('manageOptOuts');
  const queryClient = useQueryClient();
  const { notify } = useNotifications();
  const [number, setNumber] = useState('');
  const [removing, setRemoving] = useState<string>();
  const list = useQuery({ queryKey: ['sms', 'opt-outs'], queryFn: () => must(apis.sms.GET('/opt-outs', { params: { query: { limit: 100 } } })) });
  const add = useMutation({
    mutationFn: (phoneNumber: string) => must(apis.sms.PUT('/opt-outs/{phoneNumber}', { params: { path: { phoneNumber } } })),
    onSuccess: async (optOut) => {
      setNumber('');
      await queryClient.invalidateQueries({ queryKey: ['sms', 'opt-outs'] });
      notify('success', `${optOut.phoneNumber} opted out`, 'It will not be texted again; its open conversation is ended.');
    },
  });
  const remove = useMutation({
    mutationFn: (phoneNumber: string) => must(apis.sms.DELETE('/opt-outs/{phoneNumber}', { params: { path: { phoneNumber } } })),
    onSuccess: async () => {
      setRemoving(undefined);
      await queryClient.invalidateQueries({ queryKey: ['sms', 'opt-outs'] });
    },
  });
  return (
    <SpaceBetween size="m">
      {list.isError && <LoadError error={list.error} what="the opt-out list" />}
      {canManage && (
        <Container
          header={
            <Header variant="h3" description="For a request received by another channel (phone, e-mail). Customers can also text STOP.">
              Opt a number out
            </Header>
          }
        >
          <form
            onSubmit={(event) => {
              event.preventDefault();
              add.mutate(number.trim());
            }}
          >
            <SpaceBetween direction="horizontal" size="xs">
              <FormField errorText={add.isError ? (toProblem(add.error).issues?.[0]?.message ?? toProblem(add.error).detail) : undefined}>
                <Input value={number} placeholder="+14255550182" ariaLabel="Number to opt out" onChange={({ detail }) => setNumber(detail.value)} />
              </FormField>
              <Button loading={add.isPending}>Opt out</Button>
            </SpaceBetween>
          </form>
        </Container>
      )}
      <Table
        items={list.data?.items ?? []}
        loading={list.isPending}
        trackBy="phoneNumber"
        header={<Header counter={list.data ? `(${list.data.items.length})` : undefined}>Opted-out numbers</Header>}
        empty={<EmptyState title="Nobody has opted out" />}
        columnDefinitions={[
          { id: 'phone', header: 'Number', isRowHeader: true, cell: (o) => o.phoneNumber },
          { id: 'at', header: 'Since', cell: (o) => formatDateTime(o.optedOutAt) },
          { id: 'how', header: 'How', cell: (o) => (o.source === 'sms' ? `Texted ${o.keyword}` : `By request (${o.keyword})`) },
          ...(canManage
            ? [
                {
                  id: 'remove',
                  header: 'Remove',
                  cell: (o: { phoneNumber: string }) => (
                    <Button variant="inline-link" onClick={() => setRemoving(o.phoneNumber)}>
                      Remove
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {removing && (
        <Modal
          visible
          header={`Remove the opt-out of ${removing}?`}
          onDismiss={() => setRemoving(undefined)}
          footer={
            <Box float="right">
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setRemoving(undefined)}>
                  Cancel
                </Button>
                <Button variant="primary" loading={remove.isPending} onClick={() => remove.mutate(removing)}>
                  Remove opt-out
                </Button>
              </SpaceBetween>
            </Box>
          }
        >
          Only with the customer's documented consent: they asked not to be texted. (They can also text START themselves.)
        </Modal>
      )}
    </SpaceBetween>
  );
}

/** A message box as wide as its container, with its button beside it. */
function Composer({ children: [input, button] }: { children: [React.ReactNode, React.ReactNode] }) {
  return (
    <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
      <div style={{ flex: 1 }}>{input}</div>
      {button}
    </div>
  );
}

function AgentPanel() {
  const { apis } = useConsole();
  const { principal } = useAuth();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const contacts = useQuery({
    queryKey: ['sms', 'simulator', 'contacts'],
    refetchInterval: 2_000,
    queryFn: () => must(apis.sms.GET('/simulator/agent/contacts')),
  });
  const refresh = () => contacts.refetch();
  const join = useMutation({
    mutationFn: (contactId: string) =>
      must(
        apis.sms.POST('/simulator/agent/contacts/{contactId}/join', {
          params: { path: { contactId } },
          body: { agentName: principal?.username ?? 'agent' },
        }),
      ),
    onSuccess: refresh,
  });
  const send = useMutation({
    mutationFn: ({ contactId, text }: { contactId: string; text: string }) =>
      must(apis.sms.POST('/simulator/agent/contacts/{contactId}/messages', { params: { path: { contactId } }, body: { text } })),
    onSuccess: (_, { contactId }) => {
      setDrafts((d) => ({ ...d, [contactId]: '' }));
      void refresh();
    },
  });
  const end = useMutation({
    mutationFn: (contactId: string) => must(apis.sms.POST('/simulator/agent/contacts/{contactId}/end', { params: { path: { contactId } } })),
    onSuccess: refresh,
  });
  const open = (contacts.data?.items ?? []).filter((c) => c.state !== 'ended');
  return (
    <SpaceBetween size="m">
      <Alert type="info">
        Local stage: the Connect Chat stand-in. Chats queued by the text service appear here; what you write reaches the customer's handset as a text.
      </Alert>
      {contacts.isError && <LoadError error={contacts.error} what="chats" />}
      {(join.isError || send.isError || end.isError) && <Alert type="error">{toProblem(join.error ?? send.error ?? end.error).detail}</Alert>}
      {open.length === 0 && <EmptyState title="No chats waiting" subtitle="A customer who asks for an agent by text appears here." />}
      {open.map((contact) => (
        <Container
          key={contact.contactId}
          header={
            <Header
              variant="h3"
              description={`${contact.state === 'queued' ? 'Waiting' : `With ${contact.agentName ?? 'an agent'}`} · since ${formatDateTime(contact.startedAt)}`}
              actions={
                <SpaceBetween direction="horizontal" size="xs">
                  {contact.state === 'queued' && (
                    <Button variant="primary" loading={join.isPending} onClick={() => join.mutate(contact.contactId)}>
                      Accept chat
                    </Button>
                  )}
                  {contact.state === 'connected' && <Button onClick={() => end.mutate(contact.contactId)}>End chat</Button>}
                </SpaceBetween>
              }
            >
              {`Text chat${contact.attributes.department ? ` for ${String(contact.attributes.department)}` : ''}`}
            </Header>
          }
        >
          <SpaceBetween size="s">
            <ColumnLayout columns={3} variant="text-grid">
              {Object.entries(contact.attributes)
                .slice(0, 6)
                .map(([key, value]) => (
                  <div key={key}>
                    <Box variant="awsui-key-label">{key}</Box>
                    <div>{String(value)}</div>
                  </div>
                ))}
            </ColumnLayout>
            <div role="log" aria-label="Chat transcript">
              {contact.transcript
                .filter((item) => item.Content)
                .map((item) => (
                  <Box key={item.Id}>
                    <Box variant="span" fontWeight="bold">
                      {item.ParticipantRole === 'AGENT'
                        ? 'Agent'
                        : item.ParticipantRole === 'CUSTOMER'
                          ? 'Customer'
                          : (item.ParticipantRole ?? 'System')}
                      :
                    </Box>{' '}
                    {item.Content}
                  </Box>
                ))}
            </div>
            {contact.state === 'connected' && (
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  const text = drafts[contact.contactId]?.trim();
                  if (text) send.mutate({ contactId: contact.contactId, text });
                }}
              >
                <Composer>
                  <Input
                    value={drafts[contact.contactId] ?? ''}
                    ariaLabel="Reply to the customer"
                    placeholder="Write a reply"
                    onChange={({ detail }) => setDrafts((d) => ({ ...d, [contact.contactId]: detail.value }))}
                  />
                  <Button loading={send.isPending}>Send</Button>
                </Composer>
              </form>
            )}
          </SpaceBetween>
        </Container>
      ))}
    </SpaceBetween>
  );
}

function HandsetPanel() {
  const { apis } = useConsole();
  const [phoneNumber, setPhoneNumber] = useState('+14255550182');
  const [body, setBody] = useState('');
  const texts = useQuery({
    queryKey: ['sms', 'simulator', 'handset', phoneNumber],
    refetchInterval: 2_000,
    enabled: /^\+[1-9]\d{6,14}$/.test(phoneNumber),
    queryFn: () => must(apis.sms.GET('/simulator/handsets/{phoneNumber}/texts', { params: { path: { phoneNumber } } })),
  });
  const sent = useRef<{ phoneNumber: string; body: string; at: string }[]>([]);
  const send = useMutation({
    mutationFn: (text: string) => {
      // Stamped before sending: the service's replies (in the response) come after it.
      const at = new Date().toISOString();
      return must(apis.sms.POST('/simulator/handsets/{phoneNumber}/texts', { params: { path: { phoneNumber } }, body: { body: text } })).then(
        (result) => ({ result, at }),
      );
    },
    onSuccess: ({ at }, text) => {
      sent.current.push({ phoneNumber, body: text, at });
      setBody('');
      void texts.refetch();
    },
  });
  const offer = useMutation({
    mutationFn: () => must(apis.sms.POST('/deflections', { body: { phoneNumber, department: 'support' } })),
    onSuccess: () => void texts.refetch(),
  });
  const thread = [
    ...(texts.data?.items ?? []).map((t) => ({ who: 'Service' as const, body: t.body, at: t.at })),
    ...sent.current.filter((t) => t.phoneNumber === phoneNumber).map((t) => ({ who: 'You' as const, body: t.body, at: t.at })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <SpaceBetween size="m">
      <Alert type="info">Local stage: a simulated handset. Texts you send go through the same inbound path as a real two-way SMS.</Alert>
      <ColumnLayout columns={2}>
        <FormField label="Handset number">
          <Input value={phoneNumber} onChange={({ detail }) => setPhoneNumber(detail.value)} />
        </FormField>
        <FormField label="Start as the IVR would" description="Offer this number to continue a call by text.">
          <Button loading={offer.isPending} onClick={() => offer.mutate()}>
            Offer a text conversation
          </Button>
        </FormField>
      </ColumnLayout>
      {(send.isError || offer.isError) && <Alert type="error">{toProblem(send.error ?? offer.error).detail}</Alert>}
      {offer.data && (
        <Alert type={offer.data.outcome === 'offered' ? 'success' : 'warning'}>
          Offer: {offer.data.outcome}
          {offer.data.reason ? ` (${offer.data.reason})` : ''}
        </Alert>
      )}
      <Container header={<Header variant="h3">Messages</Header>}>
        <div role="log" aria-label="Handset messages">
          {thread.length === 0 && <Box color="text-body-secondary">No texts yet.</Box>}
          {thread.map((t, index) => (
            <Box key={index} textAlign={t.who === 'You' ? 'right' : 'left'} padding={{ vertical: 'xxs' }}>
              <Box variant="span" fontWeight="bold">
                {t.who}:
              </Box>{' '}
              {t.body}
            </Box>
          ))}
        </div>
      </Container>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (body.trim()) send.mutate(body.trim());
        }}
      >
        <Composer>
          <Input
            value={body}
            ariaLabel="Text to send"
            placeholder="Type a text, e.g. YES or AGENT"
            onChange={({ detail }) => setBody(detail.value)}
          />
          <Button variant="primary" loading={send.isPending}>
            Send text
          </Button>
        </Composer>
      </form>
    </SpaceBetween>
  );
}

export default function Texts() {
  const { isLocal } = useConsole();
  const canAnswer = useCan('answerChats');
  const [tab, setTab] = useState('conversations');
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description="Callers who chose to continue by text: the bot answers from the FAQ, agents take over when asked.">
        Texts
      </Header>
      <Tabs
        activeTabId={tab}
        onChange={({ detail }) => setTab(detail.activeTabId)}
        tabs={[
          { id: 'conversations', label: 'Conversations', content: <Conversations /> },
          { id: 'faq', label: 'FAQ', content: <FaqEditor /> },
          { id: 'opt-outs', label: 'Opt-outs', content: <OptOuts /> },
          ...(isLocal && canAnswer ? [{ id: 'agent', label: 'Agent panel (local)', content: <AgentPanel /> }] : []),
          ...(isLocal ? [{ id: 'handset', label: 'Handset (local)', content: <HandsetPanel /> }] : []),
        ]}
      />
    </SpaceBetween>
  );
}
