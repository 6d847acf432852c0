import type { Language } from '../../shared/language.ts';
import { en, type Messages } from './en.ts';
import { kk } from './kk.ts';
import { ru } from './ru.ts';

export type { Messages };
export const messages: Readonly<Record<Language, Messages>> = { kk, ru, en };
