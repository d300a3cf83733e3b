/**
 * Is a visitor's message English? A small, deterministic guess good enough to say "I only speak English, shall I get
 * a person?": letters outside the Latin script, or more common words of another European language than of English.
 * Short messages ("ok", "hi", a product name) are English by default: a wrong "not English" is worse than a miss.
 */
const STOPWORDS: Record<string, string[]> = {
  en: ['the', 'is', 'are', 'you', 'do', 'what', 'how', 'can', 'my', 'i', 'to', 'and', 'of', 'a', 'it', 'for', 'in', 'have', 'does', 'when', 'where', 'your', 'with', 'on', 'me', 'please', 'hello', 'hi', 'thanks'],
  de: ['der', 'die', 'das', 'und', 'ist', 'ich', 'nicht', 'sie', 'wie', 'was', 'haben', 'wir', 'ein', 'eine', 'mit', 'für', 'auf', 'bitte', 'hallo', 'danke', 'können', 'kann', 'wann', 'geöffnet', 'mein', 'meine'],
  fr: ['le', 'la', 'les', 'est', 'je', 'vous', 'pas', 'une', 'des', 'et', 'que', 'pour', 'avec', 'bonjour', 'merci', 'quand', 'comment', 'mon', 'ma', 'êtes', 'ouvert', 'est-ce', 'puis'],
  es: ['el', 'los', 'las', 'es', 'yo', 'usted', 'una', 'y', 'que', 'por', 'para', 'con', 'hola', 'gracias', 'cuándo', 'cuando', 'cómo', 'como', 'mi', 'está', 'están', 'abierto', 'puedo', 'tienen', 'qué'],
  it: ['il', 'lo', 'gli', 'sono', 'io', 'lei', 'non', 'una', 'che', 'per', 'con', 'ciao', 'grazie', 'quando', 'come', 'mio', 'aperto', 'posso', 'avete'],
  pt: ['o', 'os', 'as', 'é', 'eu', 'você', 'não', 'uma', 'que', 'para', 'com', 'olá', 'obrigado', 'quando', 'como', 'meu', 'aberto', 'posso', 'vocês'],
  nl: ['de', 'het', 'een', 'is', 'ik', 'niet', 'wij', 'en', 'van', 'voor', 'met', 'hallo', 'dank', 'wanneer', 'hoe', 'mijn', 'open', 'kan', 'jullie'],
};
const sets = Object.fromEntries(Object.entries(STOPWORDS).map(([k, v]) => [k, new Set(v)]));

export type LanguageGuess = { english: boolean; language: string; reason: string };

export function guessLanguage(text: string): LanguageGuess {
  const letters = [...text.normalize('NFC')].filter((c) => /\p{L}/u.test(c));
  if (letters.length === 0) return { english: true, language: 'en', reason: 'no letters' };
  const nonLatin = letters.filter((c) => !/\p{Script=Latin}/u.test(c)).length;
  if (nonLatin / letters.length > 0.3) return { english: false, language: 'other', reason: 'non-Latin script' };
  const words = text
    .toLowerCase()
    .split(/[^\p{L}'-]+/u)
    .filter(Boolean);
  if (words.length < 3) return { english: true, language: 'en', reason: 'too short to tell' };
  const counts = Object.entries(sets).map(([lang, s]) => [lang, words.filter((w) => s.has(w)).length] as const);
  const en = counts.find(([l]) => l === 'en')![1];
  const [bestLang, best] = counts.filter(([l]) => l !== 'en').sort((a, b) => b[1] - a[1])[0]!;
  if (best >= 2 && best > en) return { english: false, language: bestLang, reason: 'common words' };
  return { english: true, language: 'en', reason: 'common words' };
}
