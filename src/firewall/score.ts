import type { RiskLevel, Thresholds, FirewallAction } from './types';

/**
 * Combines finding weights (each 0–100) as independent evidence: 100·(1 − Π(1 − wᵢ/100)).
 * Unlike a plain sum it does not saturate at the first two hits, and one strong finding counts
 * for more than many weak ones.
 */
export function combineScores(weights: readonly number[]): number {
  let clean = 1;
  for (const w of weights) clean *= 1 - Math.min(Math.max(w, 0), 100) / 100;
  return Math.round(100 * (1 - clean));
}

export function riskLevelOf(score: number): RiskLevel {
  if (score >= 80) return 'critical';
  if (score >= 60) return 'high';
  if (score >= 40) return 'medium';
  return 'low';
}

export function actionFor(score: number, thresholds: Thresholds): FirewallAction {
  if (score >= thresholds.block) return 'block';
  if (score >= thresholds.sanitize) return 'sanitize';
  return 'allow';
}
