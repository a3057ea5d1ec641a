// Message language for the server: the `policy.language` setting wins, then
// the client's locale from `initialize`, then Chinese (the policies' language).
import { message, type Lang, type MessageId } from '../compiler/messages.ts';

export type LanguageSetting = 'auto' | 'zh' | 'en';

export function langFromLocale(locale: string | undefined): Lang | undefined {
  if (!locale) return undefined;
  const l = locale.toLowerCase();
  if (l.startsWith('zh')) return 'zh';
  if (l.startsWith('en')) return 'en';
  return undefined;
}

export function resolveLang(setting: string | undefined, locale: string | undefined): Lang {
  if (setting === 'zh' || setting === 'en') return setting;
  return langFromLocale(locale) ?? 'zh';
}

/** A UI string from the message table (ids `lsp.*`). */
export function t(id: MessageId, lang: Lang, args: Record<string, string | number> = {}): string {
  return message(id, lang, args);
}

export type { Lang };
