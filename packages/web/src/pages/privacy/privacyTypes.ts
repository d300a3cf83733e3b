export type ConsentPurpose = 'marketing_email' | 'profiling' | 'website_tracking' | 'chat_transcripts';
export type ConsentState = 'granted' | 'denied' | 'unknown';
export type PurposeState = { purpose: ConsentPurpose; label: string; wording: string; state: ConsentState };
export type ConsentEvent = {
  purpose: ConsentPurpose;
  state: ConsentState;
  source: string;
  wording: string | null;
  legalBasis: string | null;
  reason: string | null;
  occurredAt: string;
};
export type Consent = { contactId: string; doNotContact: boolean; purposes: PurposeState[]; history: ConsentEvent[] };
export type Retention = {
  inactiveContacts: { months: number; enabled: boolean; lastRunAt: string | null; lastRunCount: number | null } | null;
};
export type RetentionPreview = { months: number; inactiveSince: string; contacts: number; sample: string[] };
export type Notice = {
  workspaceName: string;
  controller: string;
  contactEmail: string | null;
  purposes: { purpose: ConsentPurpose; label: string; data: string; wording: string; legalBasis: string }[];
  models: { name: string; purpose: string; description: string }[];
  rights: string[];
};
export type NoticeSettings = {
  controller?: string;
  contactEmail?: string;
  wording?: Partial<Record<ConsentPurpose, string>>;
};
export type RecordOfProcessing = {
  controller: string;
  contactEmail: string | null;
  contacts: number;
  suppressed: number;
  activities: { purpose: string; legalBasis: string; categories: string; recipients: string; retention: string }[];
};
export const legalBases = ['consent', 'legitimate_interest', 'contract', 'legal_obligation'] as const;
