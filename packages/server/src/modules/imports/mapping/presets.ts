import type { ImportType } from './fields';

/** A column's target: a field key, `custom:<key>` (kept in the record's custom fields) or `skip`. */
export type Target = string;
export type Preset = { name: string; label: string; type: ImportType; columns: Record<string, Target> };

/**
 * Column names as the tools write them in their standard exports (checked against their help pages and sample files).
 * Columns a preset does not list fall back to the generic header-similarity match.
 */
export const presets: Preset[] = [
  {
    name: 'hubspot-contacts', label: 'HubSpot contacts', type: 'contacts',
    columns: {
      'Record ID': 'externalId', 'First Name': 'firstName', 'Last Name': 'lastName', Email: 'email', 'Phone Number': 'phone',
      'Mobile Phone Number': 'custom:mobile_phone', 'Job Title': 'title', 'Company Name': 'company', 'Website URL': 'website',
      'Lifecycle Stage': 'lifecycleStage', 'Original Source': 'source', 'Country/Region': 'country', City: 'city',
      'Contact owner': 'custom:hubspot_owner', 'Create Date': 'custom:created_in_hubspot', 'Lead Status': 'custom:lead_status',
      'Marketing contact status': 'custom:marketing_contact_status', 'Associated Company': 'company', 'Last Activity Date': 'custom:last_activity_date',
    },
  },
  {
    name: 'hubspot-companies', label: 'HubSpot companies', type: 'companies',
    columns: {
      'Record ID': 'externalId', 'Company name': 'name', 'Company Domain Name': 'domain', 'Website URL': 'domain', Industry: 'industry',
      'Number of Employees': 'employees', 'Annual Revenue': 'annualRevenue', 'Country/Region': 'country', City: 'city', 'Phone Number': 'phone',
      'Company owner': 'custom:hubspot_owner', 'Create Date': 'custom:created_in_hubspot', 'Lifecycle Stage': 'custom:lifecycle_stage', Type: 'custom:type',
    },
  },
  {
    name: 'hubspot-deals', label: 'HubSpot deals', type: 'deals',
    columns: {
      'Record ID': 'externalId', 'Deal Name': 'name', Amount: 'amount', 'Deal Stage': 'stage', 'Close Date': 'closeDate',
      Pipeline: 'custom:pipeline', 'Deal owner': 'owner', 'Associated Company': 'company', 'Associated Contact': 'contactEmail',
      'Create Date': 'custom:created_in_hubspot', 'Deal Type': 'custom:deal_type', 'Closed Lost Reason': 'lostReason', Currency: 'currency',
    },
  },
  {
    name: 'salesforce-leads', label: 'Salesforce leads report', type: 'contacts',
    columns: {
      'Lead ID': 'externalId', 'First Name': 'firstName', 'Last Name': 'lastName', Salutation: 'skip', Title: 'title', 'Company / Account': 'company',
      Company: 'company', Email: 'email', Phone: 'phone', Mobile: 'custom:mobile_phone', 'Lead Source': 'source', 'Lead Status': 'custom:lead_status',
      Country: 'country', City: 'city', Website: 'website', Industry: 'custom:industry', 'Email Opt Out': 'doNotEmail', 'Lead Owner': 'custom:salesforce_owner',
      Rating: 'custom:rating', 'Create Date': 'custom:created_in_salesforce',
    },
  },
  {
    name: 'salesforce-contacts', label: 'Salesforce contacts report', type: 'contacts',
    columns: {
      'Contact ID': 'externalId', 'First Name': 'firstName', 'Last Name': 'lastName', Salutation: 'skip', Title: 'title', 'Account Name': 'company',
      Email: 'email', Phone: 'phone', Mobile: 'custom:mobile_phone', 'Mailing Country': 'country', 'Mailing City': 'city', 'Lead Source': 'source',
      'Email Opt Out': 'doNotEmail', 'Contact Owner': 'custom:salesforce_owner', Department: 'custom:department', 'Do Not Call': 'custom:do_not_call',
    },
  },
  {
    name: 'salesforce-opportunities', label: 'Salesforce opportunities report', type: 'deals',
    columns: {
      'Opportunity ID': 'externalId', 'Opportunity Name': 'name', 'Account Name': 'company', Amount: 'amount', Stage: 'stage', 'Close Date': 'closeDate',
      'Lead Source': 'source', 'Opportunity Owner': 'owner', 'Probability (%)': 'custom:probability', Type: 'custom:type',
      'Opportunity Currency': 'currency', 'Next Step': 'custom:next_step', 'Created Date': 'custom:created_in_salesforce', 'Fiscal Period': 'skip',
    },
  },
  {
    name: 'pipedrive-persons', label: 'Pipedrive people', type: 'contacts',
    columns: {
      'Person - ID': 'externalId', 'Person - Name': 'fullName', 'Person - First name': 'firstName', 'Person - Last name': 'lastName',
      'Person - Email - Work': 'email', 'Person - Email - Home': 'custom:home_email', 'Person - Email - Other': 'custom:other_email', 'Person - Email': 'email',
      'Person - Phone - Work': 'phone', 'Person - Phone - Mobile': 'custom:mobile_phone', 'Person - Phone': 'phone', 'Person - Organization': 'company',
      'Person - Label': 'tags', 'Person - Owner': 'custom:pipedrive_owner', 'Person - Job title': 'title', 'Person - Person created': 'custom:created_in_pipedrive',
      'Person - Marketing status': 'custom:marketing_status',
    },
  },
  {
    name: 'pipedrive-organizations', label: 'Pipedrive organizations', type: 'companies',
    columns: {
      'Organization - ID': 'externalId', 'Organization - Name': 'name', 'Organization - Address': 'custom:address',
      'Organization - Address - Country': 'country', 'Organization - Address - City/town/village/locality': 'city', 'Organization - Website': 'domain',
      'Organization - Label': 'tags', 'Organization - Owner': 'custom:pipedrive_owner', 'Organization - Industry': 'industry',
      'Organization - Number of employees': 'employees', 'Organization - Annual revenue': 'annualRevenue', 'Organization - Organization created': 'custom:created_in_pipedrive',
    },
  },
  {
    name: 'pipedrive-deals', label: 'Pipedrive deals', type: 'deals',
    columns: {
      'Deal - ID': 'externalId', 'Deal - Title': 'name', 'Deal - Value': 'amount', 'Deal - Currency': 'currency', 'Deal - Stage': 'stage',
      'Deal - Status': 'status', 'Deal - Expected close date': 'closeDate', 'Deal - Organization': 'company', 'Deal - Contact person': 'contactEmail',
      'Deal - Owner': 'owner', 'Deal - Lost reason': 'lostReason', 'Deal - Pipeline': 'custom:pipeline', 'Deal - Deal created': 'custom:created_in_pipedrive',
      'Deal - Label': 'tags', 'Deal - Source channel': 'source',
    },
  },
  {
    name: 'shopify-customers', label: 'Shopify customers', type: 'contacts',
    columns: {
      'Customer ID': 'externalId', 'First Name': 'firstName', 'Last Name': 'lastName', Email: 'email', 'Accepts Email Marketing': 'marketingConsent',
      'Accepts Marketing': 'marketingConsent', 'Default Address Company': 'company', Company: 'company', 'Default Address Address1': 'custom:address1',
      Address1: 'custom:address1', 'Default Address Address2': 'custom:address2', Address2: 'custom:address2', 'Default Address City': 'city', City: 'city',
      'Default Address Province Code': 'custom:province', Province: 'custom:province', 'Default Address Country Code': 'country', Country: 'country',
      'Default Address Zip': 'custom:zip', Zip: 'custom:zip', 'Default Address Phone': 'phone', Phone: 'phone', 'Accepts SMS Marketing': 'custom:accepts_sms_marketing',
      'Total Spent': 'custom:total_spent', 'Total Orders': 'custom:total_orders', Note: 'custom:note', 'Tax Exempt': 'custom:tax_exempt', Tags: 'tags',
    },
  },
  {
    name: 'shopify-orders', label: 'Shopify orders', type: 'orders',
    columns: {
      Name: 'orderNumber', Email: 'customerEmail', 'Financial Status': 'status', 'Created at': 'orderedAt', 'Paid at': 'skip', Currency: 'currency',
      'Lineitem quantity': 'quantity', 'Lineitem name': 'productName', 'Lineitem price': 'unitPrice', 'Lineitem sku': 'sku', 'Billing Name': 'customerName',
      'Billing Phone': 'customerPhone', 'Billing Country': 'country', 'Billing City': 'city', Subtotal: 'skip', Total: 'skip', Taxes: 'skip',
      Shipping: 'skip', 'Fulfillment Status': 'skip', Id: 'skip', Phone: 'customerPhone',
    },
  },
  {
    name: 'mailchimp-audience', label: 'Mailchimp audience', type: 'contacts',
    columns: {
      'Email Address': 'email', 'First Name': 'firstName', 'Last Name': 'lastName', 'Phone Number': 'phone', Address: 'custom:address', TAGS: 'tags',
      MEMBER_RATING: 'custom:member_rating', OPTIN_TIME: 'custom:optin_time', OPTIN_IP: 'skip', CONFIRM_TIME: 'custom:confirm_time', CONFIRM_IP: 'skip',
      LATITUDE: 'skip', LONGITUDE: 'skip', GMTOFF: 'skip', DSTOFF: 'skip', TIMEZONE: 'custom:timezone', CC: 'country', REGION: 'custom:region',
      LAST_CHANGED: 'custom:last_changed', LEID: 'externalId', EUID: 'skip', NOTES: 'custom:notes', Birthday: 'custom:birthday', Company: 'company',
    },
  },
];

export const presetByName = (name: string) => presets.find((p) => p.name === name);

/** The preset whose known columns cover most of the file's header (at least half of it, and of the same type). */
export function detectPreset(headers: string[], type: ImportType): Preset | null {
  let best: { p: Preset; score: number } | null = null;
  const set = new Set(headers.map((h) => h.trim()));
  for (const p of presets) {
    if (p.type !== type) continue;
    const hits = Object.keys(p.columns).filter((c) => set.has(c)).length;
    const score = hits / Math.max(1, headers.length);
    if (hits >= 2 && score >= 0.5 && (!best || score > best.score)) best = { p, score };
  }
  return best?.p ?? null;
}
