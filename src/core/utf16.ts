/**
 * Telling UTF-16 text from bytes: what Excel and Notepad save as "Unicode". Pure; used by the CMS file readers
 * (which refuse it with a clear error) and the fact checker (which decodes it).
 */

/**
 * UTF-16 text: a byte-order mark (FF FE or FE FF), or, without one, NUL in every other byte of the first 512
 * bytes (ASCII text saved as "Unicode"). Undefined when the bytes are not UTF-16.
 */
export function utf16Kind(bytes: Uint8Array): 'UTF-16LE' | 'UTF-16BE' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16LE';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16BE';
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 8) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  // 90 %, not 100 %: a few non-Latin-1 characters have a non-zero high byte.
  if (oddNul >= pairs * 0.9 && evenNul <= pairs * 0.1) return 'UTF-16LE';
  if (evenNul >= pairs * 0.9 && oddNul <= pairs * 0.1) return 'UTF-16BE';
  return undefined;
}
