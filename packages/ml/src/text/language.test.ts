import { describe, expect, it } from 'vitest';
import { guessLanguage } from './language';

describe('guessLanguage', () => {
  const cases: [string, boolean, string][] = [
    ['When are you open on Saturday?', true, 'en'],
    ['how much is the blue kettle', true, 'en'],
    ['ok', true, 'en'],
    ['Hallo, wann haben Sie geöffnet? Ich möchte bitte einen Termin', false, 'de'],
    ['Bonjour, est-ce que vous êtes ouvert le dimanche ? Merci', false, 'fr'],
    ['Hola, ¿cuándo están abiertos? Gracias por la ayuda', false, 'es'],
    ['こんにちは、営業時間は何時ですか', false, 'other'],
    ['Здравствуйте, когда вы открыты?', false, 'other'],
    ['Do you sell the Tefal kettle 🙂🙂', true, 'en'],
    ['Kettle KX-200 price', true, 'en'],
  ];
  it.each(cases)('%s -> english %s', (text, english, language) => {
    const g = guessLanguage(text);
    expect(g.english).toBe(english);
    expect(g.language).toBe(language);
  });
});
