// The fixed vocabulary of the demo business: Brewline Coffee Co., selling espresso equipment, beans and service
// plans to cafés, hotels and offices (B2B) and to home baristas (B2C). Embedded so the demo needs no download.

export const businessName = 'Brewline Coffee Co.';

export type DemoUserSpec = { first: string; last: string; role: 'rep' | 'manager'; /** Share of accounts this rep owns. */ weight: number };
export const demoUsers: readonly DemoUserSpec[] = [
  { first: 'Ana', last: 'Ruiz', role: 'rep', weight: 0.26 },
  { first: 'Ben', last: 'Carter', role: 'rep', weight: 0.22 },
  { first: 'Chloé', last: 'Martin', role: 'rep', weight: 0.2 },
  { first: 'Dev', last: 'Patel', role: 'rep', weight: 0.18 },
  { first: 'Emma', last: 'Schmidt', role: 'rep', weight: 0.14 },
  { first: 'Marco', last: 'Rossi', role: 'manager', weight: 0 },
];
export const demoEmailDomain = 'demo.pipewise.local';

export type ProductSpec = { sku: string; name: string; category: Category; price: number; b2b: number; b2c: number };
export const categories = ['Espresso machines', 'Grinders', 'Coffee beans', 'Brewing gear', 'Cleaning & care', 'Service plans'] as const;
export type Category = (typeof categories)[number];

// b2b / b2c: relative popularity in repeat orders of each kind of customer.
export const products: readonly ProductSpec[] = [
  { sku: 'EM-100', name: 'Brewline Home One espresso machine', category: 'Espresso machines', price: 649, b2b: 0, b2c: 3 },
  { sku: 'EM-200', name: 'Brewline Home Dual boiler', category: 'Espresso machines', price: 1490, b2b: 0, b2c: 1 },
  { sku: 'EM-300', name: 'Brewline Café 1-group', category: 'Espresso machines', price: 3200, b2b: 3, b2c: 0 },
  { sku: 'EM-400', name: 'Brewline Café 2-group', category: 'Espresso machines', price: 5600, b2b: 3, b2c: 0 },
  { sku: 'EM-500', name: 'Brewline Pro 3-group', category: 'Espresso machines', price: 8900, b2b: 1, b2c: 0 },
  { sku: 'EM-600', name: 'Brewline Office bean-to-cup', category: 'Espresso machines', price: 2750, b2b: 3, b2c: 0 },
  { sku: 'GR-100', name: 'Conical burr grinder 40mm', category: 'Grinders', price: 189, b2b: 0, b2c: 3 },
  { sku: 'GR-200', name: 'Flat burr grinder 54mm', category: 'Grinders', price: 349, b2b: 0, b2c: 2 },
  { sku: 'GR-300', name: 'Single-dose grinder 64mm', category: 'Grinders', price: 699, b2b: 1, b2c: 1 },
  { sku: 'GR-400', name: 'On-demand café grinder 75mm', category: 'Grinders', price: 1450, b2b: 3, b2c: 0 },
  { sku: 'GR-500', name: 'On-demand café grinder 83mm', category: 'Grinders', price: 2390, b2b: 2, b2c: 0 },
  { sku: 'GR-600', name: 'Bulk retail grinder', category: 'Grinders', price: 1190, b2b: 1, b2c: 0 },
  { sku: 'CB-101', name: 'House blend beans 1kg', category: 'Coffee beans', price: 24, b2b: 10, b2c: 6 },
  { sku: 'CB-102', name: 'Espresso Forte beans 1kg', category: 'Coffee beans', price: 27, b2b: 8, b2c: 5 },
  { sku: 'CB-103', name: 'Decaf Swiss Water beans 1kg', category: 'Coffee beans', price: 29, b2b: 3, b2c: 3 },
  { sku: 'CB-104', name: 'Colombia Huila single origin 1kg', category: 'Coffee beans', price: 34, b2b: 3, b2c: 4 },
  { sku: 'CB-105', name: 'Ethiopia Yirgacheffe single origin 1kg', category: 'Coffee beans', price: 38, b2b: 2, b2c: 4 },
  { sku: 'CB-106', name: 'Brazil Cerrado beans 1kg', category: 'Coffee beans', price: 22, b2b: 6, b2c: 3 },
  { sku: 'CB-107', name: 'Kenya AA single origin 1kg', category: 'Coffee beans', price: 42, b2b: 1, b2c: 3 },
  { sku: 'CB-108', name: 'Guatemala Antigua beans 1kg', category: 'Coffee beans', price: 31, b2b: 2, b2c: 3 },
  { sku: 'CB-109', name: 'Seasonal holiday blend 1kg', category: 'Coffee beans', price: 33, b2b: 2, b2c: 4 },
  { sku: 'CB-110', name: 'Geisha micro-lot 250g', category: 'Coffee beans', price: 58, b2b: 0, b2c: 1 },
  { sku: 'BG-100', name: 'Pour-over dripper', category: 'Brewing gear', price: 29, b2b: 1, b2c: 4 },
  { sku: 'BG-200', name: 'Gooseneck kettle', category: 'Brewing gear', price: 89, b2b: 1, b2c: 3 },
  { sku: 'BG-300', name: 'Precision scale', category: 'Brewing gear', price: 59, b2b: 2, b2c: 3 },
  { sku: 'BG-400', name: 'Milk pitcher set', category: 'Brewing gear', price: 35, b2b: 3, b2c: 2 },
  { sku: 'BG-500', name: 'Calibrated tamper', category: 'Brewing gear', price: 79, b2b: 2, b2c: 2 },
  { sku: 'BG-600', name: 'Cold brew kit', category: 'Brewing gear', price: 45, b2b: 1, b2c: 2 },
  { sku: 'BG-700', name: 'Knock box', category: 'Brewing gear', price: 39, b2b: 2, b2c: 1 },
  { sku: 'CC-100', name: 'Descaler 1L', category: 'Cleaning & care', price: 18, b2b: 3, b2c: 3 },
  { sku: 'CC-200', name: 'Group head cleaning tablets (100)', category: 'Cleaning & care', price: 24, b2b: 4, b2c: 2 },
  { sku: 'CC-300', name: 'Grinder cleaning pellets', category: 'Cleaning & care', price: 15, b2b: 2, b2c: 2 },
  { sku: 'CC-400', name: 'Milk system cleaner', category: 'Cleaning & care', price: 21, b2b: 3, b2c: 1 },
  { sku: 'CC-500', name: 'Water filter cartridge', category: 'Cleaning & care', price: 45, b2b: 4, b2c: 2 },
  { sku: 'CC-600', name: 'Gasket and screen kit', category: 'Cleaning & care', price: 32, b2b: 2, b2c: 1 },
  { sku: 'SP-100', name: 'Home care plan (1 year)', category: 'Service plans', price: 119, b2b: 0, b2c: 1 },
  { sku: 'SP-200', name: 'Café care plan (1 year)', category: 'Service plans', price: 690, b2b: 0, b2c: 0 },
  { sku: 'SP-300', name: 'Café care plan plus (1 year)', category: 'Service plans', price: 1290, b2b: 0, b2c: 0 },
  { sku: 'SP-400', name: 'Office care plan (1 year)', category: 'Service plans', price: 540, b2b: 0, b2c: 0 },
  { sku: 'SP-500', name: 'Barista training day', category: 'Service plans', price: 450, b2b: 1, b2c: 0 },
];

// fit: how well an industry matches what Brewline sells (cafés need machines, factories rarely buy them).
export const industries = [
  { name: 'Restaurants & cafés', fit: 0.95, weight: 0.24, nouns: ['Café', 'Bistro', 'Kitchen', 'Coffee House', 'Eatery', 'Bakery'], machine: 'EM-400', plan: 'SP-300' },
  { name: 'Hospitality', fit: 0.85, weight: 0.14, nouns: ['Hotels', 'Inn', 'Resorts', 'Hospitality', 'Suites'], machine: 'EM-400', plan: 'SP-300' },
  { name: 'Professional services', fit: 0.7, weight: 0.16, nouns: ['Partners', 'Consulting', 'Legal', 'Associates', 'Advisory'], machine: 'EM-600', plan: 'SP-400' },
  { name: 'Technology', fit: 0.65, weight: 0.14, nouns: ['Labs', 'Software', 'Systems', 'Digital', 'Analytics'], machine: 'EM-600', plan: 'SP-400' },
  { name: 'Education', fit: 0.45, weight: 0.08, nouns: ['Academy', 'College', 'Learning', 'School'], machine: 'EM-300', plan: 'SP-200' },
  { name: 'Healthcare', fit: 0.4, weight: 0.08, nouns: ['Clinic', 'Health', 'Medical', 'Care'], machine: 'EM-600', plan: 'SP-400' },
  { name: 'Retail', fit: 0.35, weight: 0.1, nouns: ['Market', 'Stores', 'Goods', 'Trading'], machine: 'EM-300', plan: 'SP-200' },
  { name: 'Manufacturing', fit: 0.2, weight: 0.06, nouns: ['Industries', 'Works', 'Manufacturing', 'Fabrication'], machine: 'EM-600', plan: 'SP-400' },
] as const;
export type Industry = (typeof industries)[number];

export const sizeBands = [
  { band: '1-10', min: 1, max: 10, fit: 0.5, weight: 0.3, units: 1 },
  { band: '11-50', min: 11, max: 50, fit: 0.95, weight: 0.35, units: 1 },
  { band: '51-200', min: 51, max: 200, fit: 0.85, weight: 0.2, units: 2 },
  { band: '201-1000', min: 201, max: 1000, fit: 0.55, weight: 0.1, units: 3 },
  { band: '1000+', min: 1001, max: 8000, fit: 0.35, weight: 0.05, units: 5 },
] as const;
export type SizeBand = (typeof sizeBands)[number];

export type CountrySpec = { code: string; weight: number; tld: string; cities: readonly string[]; phone: (digit: () => string) => string };
const digits = (n: number, d: () => string) => Array.from({ length: n }, d).join('');
export const countries: readonly CountrySpec[] = [
  { code: 'US', weight: 0.34, tld: 'com', cities: ['New York', 'San Francisco', 'Chicago', 'Boston', 'Seattle', 'Austin', 'Denver', 'Portland', 'Miami', 'Atlanta'],
    phone: (d) => `+1${['212', '415', '312', '617', '206', '512', '303', '503', '305', '404'][Number(d())]}${2 + (Number(d()) % 8)}${digits(6, d)}` },
  { code: 'GB', weight: 0.15, tld: 'co.uk', cities: ['London', 'Manchester', 'Bristol', 'Edinburgh', 'Leeds', 'Brighton'], phone: (d) => `+447${digits(9, d)}` },
  { code: 'DE', weight: 0.1, tld: 'de', cities: ['Berlin', 'Hamburg', 'Munich', 'Cologne', 'Frankfurt', 'Leipzig'], phone: (d) => `+4915${['1', '2', '7'][Number(d()) % 3]}${digits(8, d)}` },
  { code: 'FR', weight: 0.08, tld: 'fr', cities: ['Paris', 'Lyon', 'Marseille', 'Bordeaux', 'Lille', 'Nantes'], phone: (d) => `+336${digits(8, d)}` },
  { code: 'CA', weight: 0.08, tld: 'ca', cities: ['Toronto', 'Vancouver', 'Montreal', 'Calgary', 'Ottawa'],
    phone: (d) => `+1${['416', '604', '514', '403', '613'][Number(d()) % 5]}${2 + (Number(d()) % 8)}${digits(6, d)}` },
  { code: 'NL', weight: 0.05, tld: 'nl', cities: ['Amsterdam', 'Rotterdam', 'Utrecht', 'The Hague'], phone: (d) => `+316${digits(8, d)}` },
  { code: 'ES', weight: 0.05, tld: 'es', cities: ['Madrid', 'Barcelona', 'Valencia', 'Seville'], phone: (d) => `+346${digits(8, d)}` },
  { code: 'IT', weight: 0.05, tld: 'it', cities: ['Milan', 'Rome', 'Turin', 'Bologna', 'Florence'], phone: (d) => `+393${2 + (Number(d()) % 8)}${digits(8, d)}` },
  { code: 'IE', weight: 0.04, tld: 'ie', cities: ['Dublin', 'Cork', 'Galway'], phone: (d) => `+3538${3 + (Number(d()) % 7)}${digits(7, d)}` },
  { code: 'AU', weight: 0.06, tld: 'com.au', cities: ['Sydney', 'Melbourne', 'Brisbane', 'Perth'], phone: (d) => `+614${digits(8, d)}` },
];

export const firstNames = [
  'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara',
  'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Daniel', 'Karen', 'Matthew', 'Nancy', 'Anthony', 'Lisa',
  'Mark', 'Emily', 'Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Ava', 'Noah', 'Mia', 'Lukas', 'Hannah', 'Leon', 'Lena',
  'Felix', 'Marie', 'Louis', 'Camille', 'Hugo', 'Chloe', 'Lucas', 'Léa', 'Mateo', 'Lucía', 'Hugo', 'Sofía', 'Leonardo',
  'Giulia', 'Francesco', 'Aurora', 'Liam', 'Olivia', 'Sean', 'Aoife', 'Jack', 'Charlotte', 'Sem', 'Julia', 'Priya', 'Arjun',
  'Wei', 'Mei', 'Kenji', 'Yuki', 'Omar', 'Layla', 'Ethan', 'Grace', 'Samuel', 'Zoe', 'Daniela', 'Tomás', 'Nora', 'Jonas',
];
export const lastNames = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Wilson', 'Anderson',
  'Taylor', 'Thomas', 'Moore', 'Jackson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'King', 'Wright',
  'Evans', 'Roberts', 'Hughes', 'Edwards', 'Murphy', "O'Brien", 'Kelly', 'Byrne', 'Müller', 'Schneider', 'Fischer', 'Weber',
  'Wagner', 'Becker', 'Dubois', 'Lefebvre', 'Moreau', 'Laurent', 'Fernández', 'López', 'Sánchez', 'Pérez', 'Rossi', 'Russo',
  'Ferrari', 'Esposito', 'Bianchi', 'de Vries', 'Jansen', 'van Dijk', 'Bakker', 'Nguyen', 'Chen', 'Wang', 'Kim', 'Singh',
  'Sato', 'Tanaka', 'Cohen', 'Silva', 'Santos', 'Kowalski', 'Novak', 'Larsen', 'Andersson', 'MacDonald', 'Campbell',
];

export const companyPrefixes = [
  'Northwind', 'Bluebird', 'Copper', 'Harbor', 'Juniper', 'Maple', 'Summit', 'Riverside', 'Oakwood', 'Silverline', 'Redstone',
  'Greenleaf', 'Brightside', 'Ironbridge', 'Lighthouse', 'Cedar', 'Evergreen', 'Golden Gate', 'Westfield', 'Eastbank',
  'Kingsway', 'Meridian', 'Horizon', 'Pioneer', 'Atlas', 'Beacon', 'Crescent', 'Falcon', 'Granite', 'Hawthorn', 'Ivy',
  'Jade', 'Keystone', 'Lantern', 'Mosaic', 'Nimbus', 'Orchard', 'Pinnacle', 'Quarry', 'Rosewood', 'Saffron', 'Tidewater',
  'Union', 'Vantage', 'Willow', 'Yellowstone', 'Zenith', 'Alder', 'Birch', 'Cobalt', 'Driftwood', 'Ember', 'Foxglove',
  'Galleon', 'Highland', 'Indigo', 'Lakeside', 'Millstone', 'Northstar', 'Old Town', 'Parkside', 'Queens', 'Rivet',
  'Sandstone', 'Thistle', 'Upland', 'Velvet', 'Windmill', 'Acorn', 'Bramble', 'Canal Street', 'Dockside', 'Elm',
  'Fern', 'Glasshouse', 'Hillcrest', 'Kettle', 'Larch', 'Marble', 'Nutmeg', 'Olive', 'Pepper', 'Quill', 'Sorrel',
];

export const titlesB2b = [
  'Owner', 'Co-founder', 'General Manager', 'Operations Manager', 'Office Manager', 'Head Barista', 'Purchasing Manager',
  'Facilities Manager', 'F&B Director', 'Procurement Lead', 'Café Manager', 'Workplace Experience Lead', 'CFO', 'CEO',
];
export const freeMailDomains = ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me', 'hotmail.com', 'gmx.de', 'orange.fr'];

// conversion: a small shift of the log-odds of becoming a customer (referrals trust us already; cold outbound does not).
export const sources = [
  { name: 'web', weight: 0.3, conversion: 0 },
  { name: 'ads', weight: 0.2, conversion: -0.2 },
  { name: 'referral', weight: 0.14, conversion: 0.5 },
  { name: 'event', weight: 0.1, conversion: 0.25 },
  { name: 'outbound', weight: 0.14, conversion: -0.35 },
  { name: 'partner', weight: 0.06, conversion: 0.2 },
  { name: 'marketplace', weight: 0.06, conversion: 0 },
] as const;

export const lostReasons = [
  ['Price too high', 0.28], ['Chose a competitor', 0.22], ['No budget', 0.16], ['Bad timing', 0.14], ['No decision', 0.12], ['Went silent', 0.08],
] as const;

export const pipelineSpecs = [
  {
    name: 'New business',
    stages: [
      { name: 'Qualified', probability: 0.1, kind: 'open' },
      { name: 'Discovery', probability: 0.25, kind: 'open' },
      { name: 'Proposal', probability: 0.5, kind: 'open' },
      { name: 'Negotiation', probability: 0.75, kind: 'open' },
      { name: 'Won', probability: 1, kind: 'won' },
      { name: 'Lost', probability: 0, kind: 'lost' },
    ],
  },
  {
    name: 'Renewals',
    stages: [
      { name: 'Renewal due', probability: 0.6, kind: 'open' },
      { name: 'Quote sent', probability: 0.8, kind: 'open' },
      { name: 'Renewed', probability: 1, kind: 'won' },
      { name: 'Not renewed', probability: 0, kind: 'lost' },
    ],
  },
] as const;

export const emailSubjects = [
  'Quick question about your coffee setup', 'Your espresso machine quote', 'Following up on our call', 'New seasonal blend is in',
  'Barista training dates', 'How is your grinder working out?', 'Spring bean subscription offer', 'Holiday blend pre-orders open',
  'Service plan reminder', 'Case study: how cafés cut waste by 12%', 'Free tasting session this month', 'Your order has shipped',
];
export const webPages = [
  '/', '/pricing', '/products/espresso-machines', '/products/grinders', '/products/beans', '/service-plans', '/case-studies',
  '/blog/dialing-in-espresso', '/blog/office-coffee-guide', '/contact', '/demo', '/wholesale',
];
export const forms = ['Contact sales', 'Request a quote', 'Book a tasting', 'Newsletter signup', 'Download the café buyer guide'];
export const noteTexts = [
  'Interested in a 2-group machine before the busy season.', 'Budget approved for Q-end, wants installation included.',
  'Comparing us with a competitor on price.', 'Asked for references from other cafés nearby.', 'Needs sign-off from the owner.',
  'Happy with current beans, open to a tasting.', 'Wants a service plan with next-day response.', 'Moving premises next quarter.',
];

// Monthly order seasonality (Jan..Dec): a Q4 gifting and holiday peak, a summer dip.
export const seasonality = [0.85, 0.85, 0.95, 1, 1, 0.85, 0.72, 0.7, 1, 1.1, 1.35, 1.55] as const;
