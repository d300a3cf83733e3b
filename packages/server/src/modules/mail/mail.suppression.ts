import type { MailKind } from './mail.schema';
import type { SuppressionCheck } from './mail.service';

/** EU and EEA countries, where marketing email needs opt-in under the 'eu' rule. */
export const OPT_IN_COUNTRIES = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO GB'.split(' '),
);

type ConsentView = {
  doNotContact: boolean;
  consentMarketingEmail: 'granted' | 'denied' | 'unknown';
  country: string | null;
};

/**
 * The rule since the privacy module: the erasure blocklist and do-not-contact stop everything; marketing email needs
 * the marketing-email purpose granted where the workspace's opt-in rule applies (EU/EEA by default, or always), and
 * never denied anywhere. Transactional email is one-to-one business mail: only the blocklist and do-not-contact apply.
 */
export function createConsentSuppression(deps: {
  canContact(workspaceId: string, contactId: string): Promise<{ allowed: boolean; reason: string }>;
  isErased(workspaceId: string, who: { email?: string | null; phone?: string | null }): Promise<boolean>;
  contactOf(
    workspaceId: string,
    contactId: string,
  ): Promise<(ConsentView & { email: string | null; phone: string | null }) | null>;
  optInPolicy(workspaceId: string): Promise<'eu' | 'always' | 'never'>;
}): SuppressionCheck {
  return {
    async reasonNotToSend(workspaceId: string, contactId: string, kind: MailKind) {
      const c = await deps.contactOf(workspaceId, contactId);
      if (!c) return 'the contact no longer exists';
      if (await deps.isErased(workspaceId, { email: c.email, phone: c.phone }))
        return "the address was erased at the person's request (blocklist)";
      if (c.doNotContact) return 'the contact is marked do-not-contact';
      if (kind !== 'marketing') return null;
      const consent = await deps.canContact(workspaceId, contactId);
      if (consent.allowed) return null;
      if (c.consentMarketingEmail === 'denied') return 'the contact refused marketing email (consent withdrawn)';
      const policy = await deps.optInPolicy(workspaceId);
      const needsOptIn = policy === 'always' || (policy === 'eu' && (!c.country || OPT_IN_COUNTRIES.has(c.country)));
      if (needsOptIn)
        return `marketing email needs the contact's opt-in here (${c.country ? `country ${c.country}` : 'country unknown'}), and it is ${c.consentMarketingEmail}`;
      return null;
    },
  };
}
