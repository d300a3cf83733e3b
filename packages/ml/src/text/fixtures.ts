import type { FaqIntent, FaqSection } from './faq-engine';

/** A small shop's FAQ, written for the tests: five intents, a few phrasings each, and two page sections. */
export const SHOP_INTENTS: FaqIntent[] = [
  {
    id: 'opening_hours',
    title: 'opening hours',
    answer: 'We are open Monday to Saturday, 9am to 6pm.',
    examples: [
      'what are your opening hours',
      'when are you open',
      'are you open on saturday',
      'what time do you close',
      'when does the shop open',
      'opening times please',
      'are you open today',
      'what time do you open tomorrow',
    ],
  },
  {
    id: 'delivery_time',
    title: 'delivery times',
    answer: 'Orders arrive in 2 to 4 working days.',
    examples: [
      'how long does delivery take',
      'when will my order arrive',
      'how many days for shipping',
      'my parcel has not arrived yet',
      'where is my package',
      'delivery time to london',
      'how fast do you ship',
      'is there express delivery',
    ],
  },
  {
    id: 'refund',
    title: 'refunds',
    answer: 'Send the item back within 30 days and we refund you in full.',
    examples: [
      'i want my money back',
      'how do i get a refund',
      'can i return this item',
      'refund policy',
      'the product is broken and i want a refund',
      'how do returns work',
      'return an order',
      'money back guarantee',
    ],
  },
  {
    id: 'payment_methods',
    title: 'payment methods',
    answer: 'We take cards, PayPal and bank transfer.',
    examples: [
      'can i pay with paypal',
      'do you accept credit cards',
      'which payment methods do you take',
      'can i pay by bank transfer',
      'is apple pay accepted',
      'payment options',
      'do you take visa',
      'pay on invoice',
    ],
  },
  {
    id: 'price_match',
    title: 'price matching',
    answer: "We match any UK shop's lower price on the same item.",
    examples: [
      'do you price match',
      'i found it cheaper elsewhere',
      'will you match a lower price',
      'another shop sells it for less',
      'price matching policy',
      'can you beat this price',
      'cheaper on amazon',
      'match competitor price',
    ],
  },
];

export const SHOP_SECTIONS: FaqSection[] = [
  {
    id: 'warranty',
    title: 'Warranty',
    text: 'Every kettle and toaster carries a two year manufacturer warranty covering electrical faults.',
  },
  {
    id: 'gift-cards',
    title: 'Gift cards',
    text: 'Gift cards are sold in the shop in values from 10 to 100 pounds and never expire.',
  },
];
