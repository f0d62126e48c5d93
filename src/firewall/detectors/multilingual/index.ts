import type { Detector } from '../../types';
import { createLatinDetector, createScriptDetector } from './detectors';
import { AR } from './languages/ar';
import { DE } from './languages/de';
import { ES } from './languages/es';
import { FR } from './languages/fr';
import { HI } from './languages/hi';
import { IT } from './languages/it';
import { JA } from './languages/ja';
import { KO } from './languages/ko';
import { PT } from './languages/pt';
import { RU } from './languages/ru';
import { ZH } from './languages/zh';

/** Languages in the Latin script, read by one shared detector. */
export const LATIN_LEXICONS = [ES, FR, DE, IT, PT] as const;
/** Languages in their own scripts, read by a second shared detector. */
export const SCRIPT_LEXICONS = [RU, ZH, JA, KO, AR, HI] as const;

/**
 * The direct and jailbreak families, and text addressed to an AI reader, in languages other than
 * English (see compile-language.ts for the weights).
 */
export const MULTILINGUAL_DETECTORS: readonly Detector[] = [createLatinDetector(LATIN_LEXICONS), createScriptDetector(SCRIPT_LEXICONS)];
