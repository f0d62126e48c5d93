/**
 * Input caps. Everything within them is scanned in full (the firewall is linear-time); text beyond
 * them is not scanned, so a message or request over a cap is blocked rather than passed unread —
 * padding an attack past the scanner is a known trick (megabytes of filler, then the payload).
 */
export const FIREWALL_LIMITS = {
  maxCharsPerPart: 256 * 1024,
  maxCharsPerRequest: 512 * 1024,
  /** Decoded payloads (base64, hex, …) scanned per text part, and their total size. */
  maxDecodedPayloads: 16,
  maxDecodedChars: 64 * 1024,
  maxDecodeDepth: 2,
} as const;
