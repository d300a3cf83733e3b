import { describe, expect, it } from 'vitest';
import { suggestMapping } from './suggest';
import { detectPreset } from './presets';
import { containedSimilarity, headerSimilarity } from './similarity';

const targets = (m: ReturnType<typeof suggestMapping>) =>
  Object.fromEntries(m.columns.map((c) => [c.column, c.target]));

describe('mapping', () => {
  it('detects tool presets from their headers', () => {
    expect(
      detectPreset(['Record ID', 'First Name', 'Last Name', 'Email', 'Lifecycle Stage', 'Contact owner'], 'contacts')
        ?.name,
    ).toBe('hubspot-contacts');
    expect(
      detectPreset(['Person - ID', 'Person - Name', 'Person - Email - Work', 'Person - Organization'], 'contacts')
        ?.name,
    ).toBe('pipedrive-persons');
    expect(
      detectPreset(
        [
          'Name',
          'Email',
          'Financial Status',
          'Created at',
          'Lineitem quantity',
          'Lineitem name',
          'Lineitem price',
          'Lineitem sku',
        ],
        'orders',
      )?.name,
    ).toBe('shopify-orders');
    expect(
      detectPreset(['Email Address', 'First Name', 'Last Name', 'TAGS', 'MEMBER_RATING', 'LEID'], 'contacts')?.name,
    ).toBe('mailchimp-audience');
  });
  it('does not claim a preset for plain headers', () => {
    expect(suggestMapping('contacts', ['Email', 'Phone', 'Company', 'Country']).preset).toBe('generic');
  });
  it('maps Online Retail columns to order fields by similarity', () => {
    const m = suggestMapping('orders', [
      'InvoiceNo',
      'StockCode',
      'Description',
      'Quantity',
      'InvoiceDate',
      'UnitPrice',
      'CustomerID',
      'Country',
    ]);
    expect(targets(m)).toEqual({
      InvoiceNo: 'orderNumber',
      StockCode: 'sku',
      Description: 'productName',
      Quantity: 'quantity',
      InvoiceDate: 'orderedAt',
      UnitPrice: 'unitPrice',
      CustomerID: 'customerId',
      Country: 'country',
    });
  });
  it('keeps unknown columns as custom fields with a low confidence, and gives each field one column', () => {
    const m = suggestMapping('contacts', ['E-mail', 'Email Address', 'Favourite colour']);
    const t = targets(m);
    expect(Object.values(t).filter((x) => x === 'email')).toHaveLength(1);
    expect(t['Favourite colour']).toBe('custom:favourite_colour');
    expect(m.columns.find((c) => c.column === 'Favourite colour')!.confidence).toBeLessThan(0.8);
  });
  it('maps longer headers by the synonym that names their last word, and nothing else', () => {
    const m = suggestMapping('contacts', [
      'Primary Email',
      'Cell Phone Number',
      'Last Notable Activity',
      'Total Time Spent on Website',
    ]);
    expect(targets(m)).toEqual({
      'Primary Email': 'email',
      'Cell Phone Number': 'phone',
      'Last Notable Activity': 'custom:last_notable_activity',
      'Total Time Spent on Website': 'custom:total_time_spent_on_website',
    });
    expect(containedSimilarity('Company Legal Name', 'company name')).toBeCloseTo(0.9167, 4);
    expect(containedSimilarity('Email Opt Out', 'email')).toBe(0);
  });
  it('scores header similarity symmetrically on words', () => {
    expect(headerSimilarity('Country/Region', 'country region')).toBe(1);
    expect(headerSimilarity('close_date', 'Close Date')).toBe(1);
    expect(headerSimilarity('zip', 'email')).toBeLessThan(0.5);
  });
});
