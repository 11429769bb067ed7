import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { must } from '../api/clients.ts';
import { toProblem } from '../api/problem.ts';
import { useCan, useConsole } from '../context.tsx';
import { LoadError, formatDateTime, formatDuration } from '../components/query-state.tsx';
import { useNotifications } from '../shell/notifications.tsx';
import { stateIndicator, stateLabels, waitMs } from './texts-shared.ts';

const authorLabels = { customer: 'Customer', bot: 'Bot', agent: 'Agent', system: 'System', service: 'Service' } as const;

export default function ConversationDetail() {
  const { conversationId = '' } = useParams();
  const { apis } = useConsole();
  const canClose = useCan('closeConversation');
  const { notify } = useNotifications();
  const [confirming, setConfirming] = useState(false);
  const conversation = useQuery({
    queryKey: ['sms', 'conversations', 'one', conversationId],
    refetchInterval: (query) => (query.state.data?.state === 'ended' ? false : 3_000),
    queryFn: () => must(apis.sms.GET('/conversations/{conversationId}', { params: { path: { conversationId } } })),
  });
  const close = useMutation({
    mutationFn: () => must(apis.sms.POST('/conversations/{conversationId}/close', { params: { path: { conversationId } } })),
    onSuccess: () => {
      setConfirming(false);
      notify('success', 'Conversation closed', 'The customer got the closing text and the chat was disconnected.');
      void conversation.refetch();
    },
  });
  if (conversation.isPending) return <Spinner size="large" />;
  if (conversation.isError) return <LoadError error={conversation.error} what="the conversation" />;
  const c = conversation.data;
  const wait = waitMs(c, Date.now());
  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        actions={
          canClose &&
          c.state !== 'ended' && (
            <Button onClick={() => setConfirming(true)} loading={close.isPending}>
              Close conversation
            </Button>
          )
        }
      >
        Conversation with {c.phoneNumber}
      </Header>
      <Container header={<Header variant="h2">Summary</Header>}>
        <KeyValuePairs
          columns={4}
          items={[
            { label: 'State', value: <StatusIndicator type={stateIndicator[c.state]}>{stateLabels[c.state]}</StatusIndicator> },
            { label: 'Department', value: c.department ?? '—' },
            { label: 'Call', value: c.callId ?? '—' },
            { label: 'Agent', value: c.agentName ?? '—' },
            { label: 'Started', value: formatDateTime(c.createdAt) },
            { label: 'Waited for an agent', value: wait === undefined ? '—' : formatDuration(wait) },
            { label: 'Ended', value: c.endedAt ? `${formatDateTime(c.endedAt)} (${c.endReason ?? ''})` : '—' },
            { label: 'Bot answered / not', value: `${c.counters.botAnswered} / ${c.counters.botUnanswered}` },
          ]}
        />
      </Container>
      <Container header={<Header variant="h2">Transcript</Header>}>
        <div role="log" aria-label="Conversation transcript">
          <SpaceBetween size="xs">
            {c.transcript.length === 0 && <Box>No messages yet.</Box>}
            {c.transcript.map((entry) => (
              <Box key={entry.messageId}>
                <Box variant="span" color="text-body-secondary">
                  {formatDateTime(entry.at)}{' '}
                </Box>
                <Box variant="span" fontWeight="bold">
                  {authorLabels[entry.author]}:
                </Box>{' '}
                {entry.text}
              </Box>
            ))}
          </SpaceBetween>
        </div>
      </Container>
      {confirming && (
        <Modal
          visible
          header="Close this conversation?"
          onDismiss={() => setConfirming(false)}
          footer={
            <Box float="right">
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setConfirming(false)}>
                  Cancel
                </Button>
                <Button variant="primary" loading={close.isPending} onClick={() => close.mutate()}>
                  Close conversation
                </Button>
              </SpaceBetween>
            </Box>
          }
        >
          <SpaceBetween size="s">
            {close.isError && <Alert type="error">{toProblem(close.error).detail}</Alert>}
            <Box>The customer gets the closing text and any agent chat is disconnected.</Box>
          </SpaceBetween>
        </Modal>
      )}
    </SpaceBetween>
  );
}
