import type { Detector } from '../types';
import { ENGLISH_DETECTORS } from './english';
import { FILLER_PADDING } from './filler-padding';
import { INDIRECT_DETECTORS } from './indirect';
import { MULTILINGUAL_DETECTORS } from './multilingual';

/** Every detector family, in the order they run. Each lives in its own file. */
export const ALL_DETECTORS: readonly Detector[] = [...ENGLISH_DETECTORS, ...INDIRECT_DETECTORS, ...MULTILINGUAL_DETECTORS, FILLER_PADDING];
