/**
 * Operator Q&A over iot-triage's `POST /ask` (it replaces the seed's QnABot UI), built with Cloudscape's chat
 * components: the conversation lives in the browser session, each answer lists its sources (runbook section,
 * manual, device data) with links into the console, and an unavailable model or knowledge base is said plainly.
 */
import { useEffect, useRef, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import Avatar from '@cloudscape-design/chat-components/avatar';
import ChatBubble from '@cloudscape-design/chat-components/chat-bubble';
import SupportPromptGroup from '@cloudscape-design/chat-components/support-prompt-group';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import PromptInput from '@cloudscape-design/components/prompt-input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { must } from '../api/clients.ts';
import { toProblem } from '../api/problem.ts';
import { useConsole } from '../context.tsx';
import { askErrorMessage, describeSource, loadConversation, saveConversation, suggestedQuestions, type ChatMessage } from './ask-shared.ts';

const storage = typeof sessionStorage === 'undefined' ? undefined : sessionStorage;

function Sources({ sources }: { sources: string[] }) {
  const navigate = useNavigate();
  if (sources.length === 0) return null;
  return (
    <Box variant="small" padding={{ top: 'xs' }}>
      <span>Sources: </span>
      {sources.map((source, index) => {
        const link = describeSource(source);
        return (
          <span key={source}>
            {index > 0 ? ' · ' : ''}
            {link.kind}:{' '}
            {link.href ? (
              <Link
                variant="primary"
                fontSize="body-s"
                href={link.href}
                onFollow={(e) => {
                  e.preventDefault();
                  navigate(link.href!);
                }}
              >
                {link.label}
              </Link>
            ) : (
              link.label
            )}
          </span>
        );
      })}
    </Box>
  );
}

export default function Ask() {
  const { apis } = useConsole();
  const [messages, setMessages] = useState<ChatMessage[]>(() => loadConversation(storage));
  const [question, setQuestion] = useState('');
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    saveConversation(storage, messages);
    end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [messages]);
  const ask = useMutation({
    mutationFn: (text: string) => must(apis.iot.POST('/ask', { body: { question: text } })),
    onSuccess: (answer) =>
      setMessages((m) => [
        ...m,
        { id: crypto.randomUUID(), role: 'assistant', text: answer.answer, sources: answer.sources, at: new Date().toISOString() },
      ]),
    onError: (error) =>
      setMessages((m) => [
        ...m,
        { id: crypto.randomUUID(), role: 'assistant', text: askErrorMessage(toProblem(error)), at: new Date().toISOString(), error: true },
      ]),
  });
  const send = (text: string) => {
    const trimmed = text.trim();
    if (trimmed.length < 3 || ask.isPending) return;
    setMessages((m) => [...m, { id: crypto.randomUUID(), role: 'operator', text: trimmed, at: new Date().toISOString() }]);
    setQuestion('');
    ask.mutate(trimmed);
  };
  const assistantAvatar = <Avatar color="gen-ai" iconName="gen-ai" ariaLabel="Assistant" tooltipText="Assistant" />;
  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description="Ask about a device, an error code or the manual. Device questions are answered from the device's own data; the rest from the runbook and the knowledge base."
        actions={messages.length > 0 ? <Button onClick={() => setMessages([])}>Clear conversation</Button> : undefined}
      >
        Ask the assistant
      </Header>
      <Container
        footer={
          <PromptInput
            value={question}
            onChange={({ detail }) => setQuestion(detail.value)}
            onAction={({ detail }) => send(detail.value)}
            actionButtonAriaLabel="Send question"
            actionButtonIconName="send"
            ariaLabel="Your question"
            placeholder="Ask a question"
            disabled={ask.isPending}
            maxRows={4}
          />
        }
      >
        <div role="log" aria-label="Conversation" aria-live="polite">
          <SpaceBetween size="m">
            {messages.length === 0 && <Box color="text-status-inactive">No questions yet in this session. Try one of the suggestions below.</Box>}
            {messages.map((message) =>
              message.role === 'operator' ? (
                <ChatBubble
                  key={message.id}
                  type="outgoing"
                  ariaLabel={`You: ${message.text}`}
                  avatar={<Avatar iconName="user-profile" ariaLabel="You" tooltipText="You" />}
                >
                  {message.text}
                </ChatBubble>
              ) : (
                <ChatBubble key={message.id} type="incoming" ariaLabel={`Assistant: ${message.text}`} avatar={assistantAvatar}>
                  {message.error ? (
                    <Alert type="error" header="No answer">
                      {message.text}
                    </Alert>
                  ) : (
                    <>
                      <Box>{message.text}</Box>
                      <Sources sources={message.sources ?? []} />
                    </>
                  )}
                </ChatBubble>
              ),
            )}
            {ask.isPending && (
              <ChatBubble
                type="incoming"
                ariaLabel="The assistant is answering"
                avatar={<Avatar color="gen-ai" iconName="gen-ai" loading ariaLabel="Assistant" />}
                showLoadingBar
              >
                <Box color="text-status-inactive">Looking it up…</Box>
              </ChatBubble>
            )}
            <div ref={end} />
          </SpaceBetween>
        </div>
      </Container>
      <SupportPromptGroup
        ariaLabel="Suggested questions"
        alignment="horizontal"
        onItemClick={({ detail }) => send(suggestedQuestions.find((_question, index) => String(index) === detail.id) ?? '')}
        items={suggestedQuestions.map((text, index) => ({ id: String(index), text }))}
      />
    </SpaceBetween>
  );
}
