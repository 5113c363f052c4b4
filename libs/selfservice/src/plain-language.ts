import type { PlainText } from '@app/rules';

export type Language = 'zh' | 'en';

/** Chinese by default; English when the caller's Accept-Language puts English first. */
export function languageOf(acceptLanguage: string | undefined): Language {
  return /^\s*en\b/i.test(acceptLanguage ?? '') ? 'en' : 'zh';
}

export function say(text: PlainText, language: Language): string {
  return text[language];
}
