export const importTypes = ['contacts', 'companies', 'deals', 'orders'] as const;
export type ImportType = (typeof importTypes)[number];

export type FieldKind = 'text' | 'email' | 'phone' | 'country' | 'date' | 'amount' | 'number' | 'boolean' | 'domain' | 'tags' | 'id';
export type TargetField = { key: string; label: string; kind: FieldKind; synonyms: string[] };

const f = (key: string, label: string, kind: FieldKind, synonyms: string[] = []): TargetField => ({ key, label, kind, synonyms: [label, key, ...synonyms] });

const person = [
  f('firstName', 'First name', 'text', ['first', 'given name', 'forename', 'fname', 'prenom']),
  f('lastName', 'Last name', 'text', ['last', 'surname', 'family name', 'lname', 'nom']),
  f('fullName', 'Full name', 'text', ['name', 'contact name', 'contact', 'person name', 'customer name', 'lead name']),
  f('email', 'Email', 'email', ['email address', 'e-mail', 'mail', 'work email', 'contact email']),
  f('phone', 'Phone', 'phone', ['phone number', 'telephone', 'tel', 'mobile', 'mobile phone', 'cell', 'work phone']),
];

export const fieldsByType: Record<ImportType, TargetField[]> = {
  contacts: [
    f('externalId', 'External id', 'id', ['id', 'record id', 'contact id', 'lead id', 'prospect id', 'customer id', 'uuid']),
    ...person,
    f('title', 'Job title', 'text', ['job title', 'position', 'role', 'designation']),
    f('company', 'Company', 'text', ['company name', 'organization', 'organisation', 'account', 'account name', 'employer', 'business']),
    f('website', 'Website', 'domain', ['company website', 'url', 'web', 'domain', 'company domain']),
    f('lifecycleStage', 'Lifecycle stage', 'text', ['lifecycle', 'stage', 'lead stage']),
    f('source', 'Source', 'text', ['lead source', 'original source', 'channel', 'utm source']),
    f('country', 'Country', 'country', ['country region', 'country code', 'nation', 'mailing country']),
    f('city', 'City', 'text', ['town', 'locality', 'mailing city']),
    f('marketingConsent', 'Marketing consent', 'boolean', ['accepts marketing', 'accepts email marketing', 'opted in', 'subscribed', 'newsletter']),
    f('doNotEmail', 'Do not email', 'boolean', ['email opt out', 'unsubscribed', 'opted out']),
    f('doNotContact', 'Do not contact', 'boolean', ['do not contact', 'dnc']),
    f('tags', 'Tags', 'tags', ['labels', 'label', 'tag', 'segments']),
  ],
  companies: [
    f('externalId', 'External id', 'id', ['id', 'record id', 'company id', 'account id', 'organization id']),
    f('name', 'Name', 'text', ['company', 'company name', 'account', 'account name', 'organization', 'organisation', 'organization name', 'business name']),
    f('domain', 'Website / domain', 'domain', ['website', 'domain', 'url', 'web', 'company domain name', 'website url']),
    f('industry', 'Industry', 'text', ['sector', 'vertical', 'business type']),
    f('employees', 'Employees', 'number', ['number of employees', 'employee count', 'headcount', 'staff', 'size']),
    f('annualRevenue', 'Annual revenue', 'amount', ['revenue', 'turnover', 'annual revenue usd', 'sales']),
    f('country', 'Country', 'country', ['country region', 'country code', 'office location', 'location', 'hq country', 'billing country']),
    f('city', 'City', 'text', ['town', 'locality', 'billing city']),
    f('phone', 'Phone', 'phone', ['phone number', 'telephone', 'tel', 'main phone']),
    f('tags', 'Tags', 'tags', ['labels', 'label', 'tag']),
  ],
  deals: [
    f('externalId', 'External id', 'id', ['id', 'record id', 'deal id', 'opportunity id', 'opportunity']),
    f('name', 'Name', 'text', ['deal name', 'deal', 'title', 'deal title', 'opportunity name', 'subject']),
    f('amount', 'Amount', 'amount', ['value', 'deal value', 'close value', 'price', 'total', 'deal amount', 'expected revenue']),
    f('currency', 'Currency', 'text', ['currency code', 'deal currency', 'opportunity currency']),
    f('stage', 'Stage', 'text', ['deal stage', 'pipeline stage', 'status stage', 'sales stage']),
    f('status', 'Status', 'text', ['deal status', 'won lost', 'outcome']),
    f('closeDate', 'Close date', 'date', ['expected close date', 'closing date', 'close', 'closed date', 'won time']),
    f('createdDate', 'Created date', 'date', ['create date', 'created', 'created at', 'created on', 'engage date', 'open date', 'opened', 'deal created']),
    f('stageEnteredAt', 'Stage entered', 'date', ['stage entered date', 'date entered stage', 'stage date', 'stage changed', 'last stage change', 'stage change date']),
    f('lostReason', 'Lost reason', 'text', ['loss reason', 'reason lost', 'closed lost reason']),
    f('contactEmail', 'Contact email', 'email', ['contact', 'contact person', 'associated contact', 'person', 'email']),
    f('company', 'Company', 'text', ['account', 'account name', 'organization', 'organisation', 'associated company', 'customer', 'client']),
    f('owner', 'Owner', 'text', ['deal owner', 'sales agent', 'sales rep', 'rep', 'salesperson', 'opportunity owner', 'assigned to', 'agent']),
    f('source', 'Source', 'text', ['lead source', 'origin', 'channel']),
    f('tags', 'Tags', 'tags', ['labels', 'label', 'tag']),
  ],
  orders: [
    f('orderNumber', 'Order number', 'id', ['order', 'order id', 'order no', 'invoice', 'invoice no', 'invoice number', 'order name', 'name', 'transaction id']),
    f('orderedAt', 'Order date', 'date', ['date', 'invoice date', 'created at', 'order time', 'purchase date', 'paid at', 'transaction date']),
    f('status', 'Status', 'text', ['order status', 'financial status', 'payment status']),
    f('currency', 'Currency', 'text', ['currency code']),
    f('customerId', 'Customer id', 'id', ['customer', 'customer no', 'customer number', 'client id', 'buyer id']),
    f('customerEmail', 'Customer email', 'email', ['email', 'e-mail', 'buyer email', 'billing email']),
    f('customerName', 'Customer name', 'text', ['billing name', 'shipping name', 'buyer name', 'full name']),
    f('customerPhone', 'Customer phone', 'phone', ['phone', 'billing phone', 'shipping phone', 'telephone']),
    f('country', 'Country', 'country', ['billing country', 'shipping country', 'country code']),
    f('city', 'City', 'text', ['billing city', 'shipping city']),
    f('sku', 'SKU', 'id', ['stock code', 'stockcode', 'product code', 'item code', 'product id', 'lineitem sku', 'item number']),
    f('productName', 'Product name', 'text', ['description', 'product', 'item', 'item name', 'lineitem name', 'product description', 'title']),
    f('quantity', 'Quantity', 'number', ['qty', 'units', 'lineitem quantity', 'count']),
    f('unitPrice', 'Unit price', 'amount', ['price', 'unit cost', 'lineitem price', 'price each', 'item price']),
    f('lineAmount', 'Line amount', 'amount', ['line total', 'subtotal', 'amount', 'line amount', 'extended price', 'sales', 'sales amount', 'net sales', 'revenue', 'line revenue', 'total sales']),
    f('category', 'Product category', 'text', ['category', 'product category', 'product line', 'product type', 'product group', 'department']),
  ],
};

export const isImportType = (s: string): s is ImportType => (importTypes as readonly string[]).includes(s);
export const fieldOf = (type: ImportType, key: string) => fieldsByType[type].find((x) => x.key === key);

/** Orders have no custom fields: their unmapped columns are skipped, and the preview says so. */
export const supportsCustomFields = (type: ImportType) => type !== 'orders';
