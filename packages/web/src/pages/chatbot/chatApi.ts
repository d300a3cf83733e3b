import { useQuery } from '@tanstack/react-query';
import { call, client, type ApiResponse } from '../../lib/client';

export type KbEntry = ApiResponse<'/api/v1/chatbot/kb', 'get'>['data'][number];
export type ChatSettings = ApiResponse<'/api/v1/chatbot/settings', 'get'>;
export type ConversationList = ApiResponse<'/api/v1/chatbot/conversations', 'get'>;
export type Conversation = ApiResponse<'/api/v1/chatbot/conversations/{id}', 'get'>;
export type ChatMessage = NonNullable<Conversation['messages'][number]>;
export type Unanswered = ApiResponse<'/api/v1/chatbot/unanswered', 'get'>['data'][number];
export type AskResult = ApiResponse<'/api/v1/chatbot/ask', 'post'>;

export const chatKeys = {
  kb: ['chatbot', 'kb'] as const,
  settings: ['chatbot', 'settings'] as const,
  engine: ['chatbot', 'engine'] as const,
  conversations: (status: string) => ['chatbot', 'conversations', status] as const,
  conversation: (id: string) => ['chatbot', 'conversation', id] as const,
  unanswered: ['chatbot', 'unanswered'] as const,
};

export const useKb = () =>
  useQuery({ queryKey: chatKeys.kb, queryFn: ({ signal }) => call(client.GET('/api/v1/chatbot/kb', { signal })) });

export const useEngine = () =>
  useQuery({
    queryKey: chatKeys.engine,
    queryFn: ({ signal }) => call(client.GET('/api/v1/chatbot/engine', { signal })),
  });

export const senderLabel: Record<ChatMessage['from'], string> = {
  visitor: 'Visitor',
  bot: 'Bot',
  agent: 'Staff',
  system: 'Note',
};
