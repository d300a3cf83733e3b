import { useQuery } from '@tanstack/react-query';
import { call, client } from '../../lib/client';
import type { components } from '../../lib/api-schema';

export type Sequence = components['schemas']['Sequence'];
export type SequenceDetail = components['schemas']['SequenceDetail'];
export type Step = components['schemas']['SequenceStep'];
export type Approval = components['schemas']['SequenceApproval'];
export type Analytics = components['schemas']['SequenceAnalytics'];
export type Settings = SequenceDetail['settings'];
export type Trigger = Settings['triggers'][number];
export type Variant = NonNullable<Step['email']>['variants'][number];

export const statusWords: Record<Sequence['status'], { label: string; tone: 'gray' | 'green' | 'amber' | 'red' }> = {
  draft: { label: 'Draft', tone: 'gray' },
  active: { label: 'Running', tone: 'green' },
  paused: { label: 'Paused', tone: 'amber' },
  archived: { label: 'Archived', tone: 'gray' },
};
export const approvalWords: Record<Sequence['approvalMode'], string> = {
  every: 'A person approves every email',
  first: 'A person approves the first email',
  none: 'Emails go out on their own',
};
export const stepWords: Record<Step['kind'], string> = {
  email: 'Automatic email',
  manual_email: 'Email you write and approve',
  task: 'Task for the owner',
  wait: 'Wait',
  branch: 'Only if…',
};
export const triggerWords: Record<Trigger['type'], string> = {
  segment_entry: 'Joins a rule segment',
  lifecycle_change: 'Lifecycle stage changes to',
  score_tier: 'Lead score reaches tier',
  deal_stage: 'A deal moves to stage',
  form_lead: 'Fills in a website form',
  chat_lead: 'Leaves details in the chat',
};

/** The merge fields a template may use (the mail module's list). */
export const mergeFields = [
  ['{{ contact.first_name | default: "there" }}', 'First name, or "there" when unknown'],
  ['{{ contact.last_name }}', 'Last name'],
  ['{{ contact.full_name }}', 'First and last name'],
  ['{{ contact.company }}', 'Their company'],
  ['{{ contact.title }}', 'Job title'],
  ['{{ contact.city }}', 'City'],
  ['{{ sender.name }}', 'Your name (the mailbox)'],
  ['{{ workspace.name }}', 'Your business'],
  ['{{ unsubscribe_url }}', 'Unsubscribe link (required in marketing email)'],
  ['{{ postal_address }}', 'Your postal address (required in marketing email)'],
] as const;

export const useSequences = () =>
  useQuery({
    queryKey: ['sequences'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/sequences', { signal })),
  });

export const useApprovals = () =>
  useQuery({
    queryKey: ['sequences', 'approvals'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/sequences/approvals', { signal })),
  });

export const pct = (x: number | null | undefined, digits = 0) =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)}%`;
