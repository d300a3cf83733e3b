/** Which CSV columns hold what; detected from common export names when the caller does not say. */
export interface OrderColumns {
  customer: string;
  date: string;
  /** Line or order value; when absent, quantity × price. */
  amount?: string;
  quantity?: string;
  price?: string;
  /** Order/invoice id; when absent, lines of one customer with the same timestamp count as one order. */
  order?: string;
}

/** Raised for input that cannot be processed at all; the message is meant for the end user as is. */
export class RfmInputError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RfmInputError';
  }
}

// Normalised (lower case, letters and digits only) names seen in Shopify, WooCommerce, UCI, Stripe and CRM exports.
const CANDIDATES: Record<keyof OrderColumns, string[]> = {
  customer: [
    'customerid',
    'customer',
    'customerno',
    'customernumber',
    'customercode',
    'clientid',
    'client',
    'accountid',
    'account',
    'customeremail',
    'email',
    'buyer',
    'contactid',
  ],
  date: [
    'invoicedate',
    'orderdate',
    'date',
    'purchasedate',
    'transactiondate',
    'saledate',
    'createdat',
    'created',
    'timestamp',
    'datetime',
    'paidat',
  ],
  amount: [
    'amount',
    'total',
    'totalamount',
    'ordertotal',
    'linetotal',
    'revenue',
    'sales',
    'netamount',
    'totalprice',
    'value',
    'subtotal',
  ],
  quantity: ['quantity', 'qty', 'units', 'lineitemquantity'],
  price: ['unitprice', 'price', 'itemprice', 'lineitemprice', 'priceeach'],
  order: [
    'invoiceno',
    'invoice',
    'invoiceid',
    'invoicenumber',
    'orderid',
    'order',
    'orderno',
    'ordernumber',
    'name',
    'transactionid',
  ],
};

const normalise = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Resolves the columns to use: given names must exist (exact, then case/punctuation-insensitive); missing ones are
 * detected. Throws RfmInputError naming the column and listing the available ones.
 */
export function resolveColumns(
  available: readonly string[],
  given: Partial<OrderColumns>,
): { columns: OrderColumns; notes: string[] } {
  const notes: string[] = [];
  const list = available.map((a) => `"${a}"`).join(', ') || '(none: the file has no header row)';
  const find = (name: string): string | undefined =>
    available.find((a) => a === name) ?? available.find((a) => normalise(a) === normalise(name));
  const pick = (role: keyof OrderColumns): string | undefined => {
    const want = given[role];
    if (want !== undefined) {
      const hit = find(want);
      if (!hit)
        throw new RfmInputError(`unknown ${role} column "${want}"; available columns: ${list}`, {
          role,
          column: want,
          available,
        });
      return hit;
    }
    for (const c of CANDIDATES[role]) {
      const hit = available.find((a) => normalise(a) === c);
      if (hit) return hit;
    }
    return undefined;
  };
  const customer = pick('customer');
  const date = pick('date');
  if (!customer)
    throw new RfmInputError(`no customer column found; pass --customer COL (available columns: ${list})`, {
      available,
    });
  if (!date)
    throw new RfmInputError(`no date column found; pass --date COL (available columns: ${list})`, { available });
  const quantity = given.amount === undefined ? pick('quantity') : undefined;
  const price = given.amount === undefined ? pick('price') : undefined;
  // Quantity × price beats a detected "amount" guess when both are given explicitly or both are present.
  const useLine =
    (given.quantity !== undefined || given.price !== undefined || (quantity && price)) && given.amount === undefined;
  const amount = useLine ? undefined : pick('amount');
  if (useLine && (!quantity || !price)) {
    throw new RfmInputError(
      `need both a quantity and a price column (found ${quantity ? `"${quantity}"` : 'no quantity'}, ${price ? `"${price}"` : 'no price'}); available columns: ${list}`,
      { available },
    );
  }
  if (!useLine && !amount && (quantity || price)) {
    throw new RfmInputError(
      `need both a quantity and a price column, or an amount column (found only ${quantity ? `quantity "${quantity}"` : `price "${price}"`}); available columns: ${list}`,
      { available },
    );
  }
  if (!useLine && !amount)
    throw new RfmInputError(
      `no amount column found; pass --amount COL or --quantity COL --price COL (available columns: ${list})`,
      { available },
    );
  const order = pick('order');
  const columns: OrderColumns = useLine
    ? { customer, date, quantity: quantity!, price: price! }
    : { customer, date, amount: amount! };
  if (order && order !== customer && order !== date) columns.order = order;
  else notes.push('no order/invoice id column: lines of one customer with the same timestamp count as one order');
  return { columns, notes };
}
