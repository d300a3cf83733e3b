import type { ContactInput } from './contacts';
import { mulberry32 } from '../random';

/**
 * A seeded contacts list with planted duplicates, for the benchmark and the recall tests. Exactly:
 * - `originals` people: first and last name drawn from 120 first names (some accented) and 160 surnames, so full-name
 *   homonyms are common (different people, must not be flagged); email local part in one of five styles
 *   (first.last, flast, firstl, first_last, first.last + 2 digits) at one of 1,600 company domains (80%; the
 *   contact then has that company's name, e.g. "Northblue Works" for northblue1.com) or a free-mail domain;
 *   a US phone (+1 NXX-NXX-XXXX, unique) for 85%; 10% have no email. 2% share their phone with another original of
 *   a different first name (a household or switchboard line).
 * - `duplicates` of them (distinct originals chosen at random), each changing:
 *   name: one of typo (substitute, drop or swap two letters in the first or last name), case change, accents
 *   added/removed, extra spaces/punctuation, first and last swapped, or unchanged (equal odds);
 *   email: case-changed 60%, unchanged 20%, dropped or replaced by the same local part at gmail.com 20%;
 *   phone: reformatted (national "(415) 555-0134", dotted, spaced "+1 415 555 0134" or digits) 75%, dropped 25%;
 *   and at least one of the email (same after case-folding) or the phone is always kept; only originals with an
 *   email or a phone are duplicated; a replacement gmail address is dropped if another person already has it.
 *   No two people share a mailbox, even written with different dots, dashes or underscores.
 *   The company name is copied, half the time upper-cased or with ", Inc." added.
 * - With `hard` > 0, that share of the duplicates of people with a company address are "hard": another address at
 *   the same company (a different local-part style), no phone, and the name change above: only name + company match.
 * Rows are shuffled; `truth` lists the planted pairs by id.
 */
export function syntheticContacts(opts: { originals: number; duplicates: number; seed: number; hard?: number }) {
  const rand = mulberry32(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const rows: (ContactInput & { id: string })[] = [];
  const usedPhones = new Set<string>();
  const usedEmails = new Set<string>();
  const newPhone = (): string => {
    for (;;) {
      const p = `+1${pick(AREA)}${200 + Math.floor(rand() * 800)}${String(Math.floor(rand() * 10000)).padStart(4, '0')}`;
      if (!usedPhones.has(p)) {
        usedPhones.add(p);
        return p;
      }
    }
  };
  for (let i = 0; i < opts.originals; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const f = ascii(first).toLowerCase();
    const l = ascii(last)
      .toLowerCase()
      .replace(/[^a-z]/g, '');
    const styles = [`${f}.${l}`, `${f[0]}${l}`, `${f}${l[0]}`, `${f}_${l}`, `${f}.${l}${10 + Math.floor(rand() * 90)}`];
    let email: string | null = null;
    let companyName: string | null = null;
    if (rand() >= 0.1) {
      let domain = pick(['gmail.com', 'yahoo.com', 'outlook.com']);
      if (rand() < 0.8) {
        const [w1, w2, n] = [pick(COMPANY_WORDS), pick(COMPANY_WORDS), Math.floor(rand() * 4)];
        domain = `${w1}${w2}${n}.com`;
        companyName = `${w1[0]!.toUpperCase()}${w1.slice(1)}${w2} ${COMPANY_KINDS[n]}`;
      }
      email = `${pick(styles)}@${domain}`;
      if (usedEmails.has(mailbox(email))) email = `${f}.${l}.${i}@${domain}`;
      usedEmails.add(mailbox(email));
    }
    rows.push({
      id: `c${i}`,
      firstName: first,
      lastName: last,
      email,
      phone: rand() < 0.85 ? newPhone() : null,
      companyName,
    });
  }
  // Shared lines: a different person (different first name) takes another original's number.
  for (let k = 0; k < Math.floor(opts.originals * 0.02); k++) {
    const a = rows[Math.floor(rand() * rows.length)]!;
    const b = rows[Math.floor(rand() * rows.length)]!;
    if (a === b || !a.phone || ascii(a.firstName ?? '')[0] === ascii(b.firstName ?? '')[0]) continue;
    b.phone = a.phone;
  }
  const truth: [string, string][] = [];
  const taken = new Set<number>();
  for (let d = 0; d < opts.duplicates; d++) {
    // Only originals with an email or a phone: a bare name cannot be told from a homonym.
    let idx = Math.floor(rand() * opts.originals);
    while (taken.has(idx) || (!rows[idx]!.email && !rows[idx]!.phone)) idx = (idx + 1) % opts.originals;
    taken.add(idx);
    const o = rows[idx]!;
    const [firstName, lastName] = perturbName(o.firstName ?? '', o.lastName ?? '', rand);
    const companyName =
      o.companyName && rand() < 0.5
        ? rand() < 0.5
          ? o.companyName.toUpperCase()
          : `${o.companyName}, Inc.`
        : o.companyName;
    const id = `d${d}`;
    if (o.companyName && o.email && rand() < (opts.hard ?? 0)) {
      // Hard plant: another address at the same company and no phone, so only name + company tell.
      const domain = o.email.slice(o.email.indexOf('@') + 1);
      const f = ascii(o.firstName ?? '').toLowerCase();
      const l = ascii(o.lastName ?? '')
        .toLowerCase()
        .replace(/[^a-z]/g, '');
      const other = [`${l}.${f}`, `${l}${f[0]}`, `${f[0]}.${l}.x`, `${f}.${l}.${d}`].find(
        (x) => mailbox(`${x}@${domain}`) !== mailbox(o.email!) && !usedEmails.has(mailbox(`${x}@${domain}`)),
      );
      if (other) {
        usedEmails.add(mailbox(`${other}@${domain}`));
        rows.push({ id, firstName, lastName, email: `${other}@${domain}`, phone: null, companyName });
        truth.push([o.id, id]);
        continue;
      }
    }
    const er = rand();
    let email = o.email ?? null;
    if (email)
      email =
        er < 0.6
          ? caseChange(email, rand)
          : er < 0.8
            ? email
            : rand() < 0.5
              ? null
              : `${email.split('@')[0]}@gmail.com`;
    if (email && email !== o.email && usedEmails.has(mailbox(email))) email = null; // never another person's address
    if (email) usedEmails.add(mailbox(email));
    let phone = o.phone && rand() < 0.75 ? reformat(o.phone, rand) : null;
    const emailKept = email != null && o.email != null && email.trim().toLowerCase() === o.email.toLowerCase();
    if (!emailKept && !phone) {
      if (o.phone) phone = reformat(o.phone, rand);
      else email = o.email ? caseChange(o.email, rand) : email;
    }
    rows.push({ id, firstName, lastName, email, phone, companyName });
    truth.push([o.id, id]);
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return { rows, truth };
}

/** Precision and recall of found pairs against planted ones (pairs compared unordered). */
export function pairQuality(found: readonly { a: string; b: string }[], truth: readonly (readonly [string, string])[]) {
  const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const planted = new Set(truth.map(([a, b]) => key(a, b)));
  let hits = 0;
  for (const f of found) if (planted.has(key(f.a, f.b))) hits++;
  return {
    found: found.length,
    planted: planted.size,
    truePositives: hits,
    precision: found.length ? hits / found.length : 1,
    recall: planted.size ? hits / planted.size : 1,
  };
}

function perturbName(first: string, last: string, rand: () => number): [string, string] {
  switch (Math.floor(rand() * 7)) {
    case 0:
      return rand() < 0.5 ? [typo(first, rand), last] : [first, typo(last, rand)];
    case 1:
      return rand() < 0.5 ? [first.toUpperCase(), last.toUpperCase()] : [first.toLowerCase(), last.toLowerCase()];
    case 2:
      return ascii(first) !== first || ascii(last) !== last
        ? [ascii(first), ascii(last)]
        : [accent(first), accent(last)];
    case 3:
      return [` ${first}.`, `${last} ,`];
    case 4:
      return [last, first];
    default:
      return [first, last];
  }
}

function typo(s: string, rand: () => number): string {
  if (s.length < 4) return s + s[s.length - 1];
  const i = 1 + Math.floor(rand() * (s.length - 2));
  const kind = Math.floor(rand() * 3);
  if (kind === 0) return s.slice(0, i) + 'aeiourn'[Math.floor(rand() * 7)] + s.slice(i + 1);
  if (kind === 1) return s.slice(0, i) + s.slice(i + 1);
  return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
}

/** One mailbox however it is punctuated: jane.doe@x.com and Jane_Doe@x.com are one person's address, never two people's. */
const mailbox = (email: string) =>
  email
    .trim()
    .toLowerCase()
    .replace(/[._-](?=[^@]*@)/g, '');
const ascii = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
const accent = (s: string) => s.replace(/e/, 'é').replace(/a/, 'á');

function caseChange(email: string, rand: () => number): string {
  const r = rand();
  if (r < 0.4) return email.toUpperCase();
  if (r < 0.7) return email.replace(/(^|[._])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase());
  return ` ${email.replace(/@(.)/, (_m, c: string) => '@' + c.toUpperCase())} `;
}

function reformat(e164: string, rand: () => number): string {
  const d = e164.slice(2);
  const [a, b, c] = [d.slice(0, 3), d.slice(3, 6), d.slice(6)];
  return pickFrom([`(${a}) ${b}-${c}`, `${a}.${b}.${c}`, `+1 ${a} ${b} ${c}`, d, `1-${a}-${b}-${c}`], rand);
}
const pickFrom = <T>(xs: readonly T[], rand: () => number): T => xs[Math.floor(rand() * xs.length)]!;

const AREA = [
  '212',
  '213',
  '312',
  '415',
  '512',
  '602',
  '617',
  '646',
  '702',
  '713',
  '718',
  '805',
  '818',
  '917',
  '929',
  '206',
  '303',
  '305',
  '404',
  '503',
];
const FIRST = [
  'James',
  'Mary',
  'John',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'William',
  'Elizabeth',
  'David',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Charles',
  'Karen',
  'Christopher',
  'Nancy',
  'Daniel',
  'Lisa',
  'Matthew',
  'Betty',
  'Anthony',
  'Margaret',
  'Mark',
  'Sandra',
  'Donald',
  'Ashley',
  'Steven',
  'Kimberly',
  'Paul',
  'Emily',
  'Andrew',
  'Donna',
  'Joshua',
  'Michelle',
  'Kenneth',
  'Dorothy',
  'Kevin',
  'Carol',
  'Brian',
  'Amanda',
  'George',
  'Melissa',
  'Edward',
  'Deborah',
  'Ronald',
  'Stephanie',
  'Timothy',
  'Rebecca',
  'Jason',
  'Sharon',
  'Jeffrey',
  'Laura',
  'Ryan',
  'Cynthia',
  'Jacob',
  'Kathleen',
  'Gary',
  'Amy',
  'Nicholas',
  'Shirley',
  'Eric',
  'Angela',
  'Jonathan',
  'Helen',
  'Stephen',
  'Anna',
  'Larry',
  'Brenda',
  'Justin',
  'Pamela',
  'Scott',
  'Nicole',
  'Brandon',
  'Emma',
  'Benjamin',
  'Samantha',
  'Samuel',
  'Katherine',
  'Gregory',
  'Christine',
  'Frank',
  'Debra',
  'Alexander',
  'Rachel',
  'Raymond',
  'Catherine',
  'Patrick',
  'Carolyn',
  'Jack',
  'Janet',
  'Dennis',
  'Ruth',
  'Jerry',
  'Maria',
  'José',
  'Zoë',
  'Chloé',
  'Renée',
  'André',
  'Jürgen',
  'Søren',
  'François',
  'Inés',
  'Lucía',
  'Björn',
  'Noémie',
  'Hélène',
  'Mateo',
  'Sofía',
  'Léa',
  'Jon',
  'Jean',
  'Joan',
  'Anne',
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Carter',
  'Roberts',
  'Gomez',
  'Phillips',
  'Evans',
  'Turner',
  'Diaz',
  'Parker',
  'Cruz',
  'Edwards',
  'Collins',
  'Reyes',
  'Stewart',
  'Morris',
  'Morales',
  'Murphy',
  'Cook',
  'Rogers',
  'Gutierrez',
  'Ortiz',
  'Morgan',
  'Cooper',
  'Peterson',
  'Bailey',
  'Reed',
  'Kelly',
  'Howard',
  'Ramos',
  'Kim',
  'Cox',
  'Ward',
  'Richardson',
  'Watson',
  'Brooks',
  'Chavez',
  'Wood',
  'James',
  'Bennett',
  'Gray',
  'Mendoza',
  'Ruiz',
  'Hughes',
  'Price',
  'Alvarez',
  'Castillo',
  'Sanders',
  'Patel',
  'Myers',
  'Long',
  'Ross',
  'Foster',
  'Jimenez',
  'Powell',
  'Jenkins',
  'Perry',
  'Russell',
  'Sullivan',
  'Bell',
  'Coleman',
  'Butler',
  'Henderson',
  'Barnes',
  'Gonzales',
  'Fisher',
  'Vasquez',
  'Simmons',
  'Romero',
  'Jordan',
  'Patterson',
  'Alexander',
  'Hamilton',
  'Graham',
  'Reynolds',
  'Griffin',
  'Wallace',
  'Moreno',
  'West',
  'Cole',
  'Hayes',
  'Bryant',
  'Herrera',
  'Gibson',
  'Ellis',
  'Tran',
  'Medina',
  'Aguilar',
  'Stevens',
  'Murray',
  'Ford',
  'Castro',
  'Marshall',
  'Owens',
  'Harrison',
  'Fernández',
  'Müller',
  'Schröder',
  'Dubois',
  'Lefèvre',
  "O'Brien",
  'McDonald',
  'Van der Berg',
  'Nuñez',
  'Søndergaard',
  'Łukasz',
  'Nowak',
  'Kowalski',
  'Rossi',
  'Bianchi',
  'Moretti',
  'Ferrari',
  'Jovanović',
  'Novák',
  'Horváth',
  'Smyth',
  'Schmidt',
  'Schmitt',
];
const COMPANY_KINDS = ['Labs', 'Works', 'Partners', 'Studio'];
const COMPANY_WORDS = [
  'north',
  'blue',
  'peak',
  'river',
  'stone',
  'bright',
  'oak',
  'iron',
  'silver',
  'cedar',
  'summit',
  'harbor',
  'pine',
  'maple',
  'atlas',
  'nova',
  'prime',
  'vertex',
  'delta',
  'crest',
];
