/**
 * Just enough of the ZIP format to take the HCPCS txt out of the CMS quarterly zip
 * (january-2026-alpha-numeric-hcpcs-file.zip): the end-of-central-directory record, the central directory, and
 * members that are stored (method 0) or deflated (method 8). No ZIP64, no encryption, no spanning: such archives
 * yield a problem, not an exception.
 * @see PKWARE APPNOTE.TXT §4.3 (overall structure), §4.4 (field layouts)
 */
import { crc32, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  /** General-purpose bit flag (bit 0: encrypted). */
  flags: number;
  /** CRC-32 of the uncompressed member, from the central directory. */
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export type ZipListing = { ok: true; entries: ZipEntry[] } | { ok: false; reason: string };

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;

export const isZip = (bytes: Uint8Array): boolean =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

export function listZip(bytes: Uint8Array): ZipListing {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The EOCD is 22 bytes plus a comment of up to 65,535 bytes at the end of the file.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1)
    return { ok: false, reason: 'no end-of-central-directory record (truncated or not a zip)' };
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff)
    return { ok: false, reason: 'ZIP64 archives are not supported' };
  if (cdOffset + cdSize > bytes.length)
    return { ok: false, reason: 'the central directory lies beyond the end of the file (truncated)' };
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder('utf-8');
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CEN_SIG)
      return { ok: false, reason: `central directory entry ${i + 1} is damaged` };
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    const compressedSize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const localHeaderOffset = view.getUint32(p + 42, true);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    entries.push({ name, method, flags, crc32: crc, compressedSize, size, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { ok: true, entries };
}

export type ZipRead = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/** Largest member read: well over any CMS file drugclaim imports (the biggest are tens of MB). */
export const MAX_MEMBER_BYTES = 256 * 1024 * 1024;

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/**
 * The member's bytes, uncompressed and checked against the central directory: its size and its CRC-32. Inflating
 * alone is no check: a flipped bit inside a deflate block often still inflates to the right length with the wrong
 * text (QA: garbled HCPCS descriptors imported as a new release). A stored member is checked the same way.
 * @see PKWARE APPNOTE.TXT §4.4.7 (CRC-32), §4.4.9 (sizes)
 */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes = MAX_MEMBER_BYTES): ZipRead {
  // The directory's size is the file's word: a member that claims more than any CMS file is refused before
  // inflating, and inflating stops one byte past the smaller of the two (a 1.5 MB zip held a 1.5 GB member).
  if (entry.size > maxBytes)
    return {
      ok: false,
      reason: `${entry.name} says it holds ${entry.size} bytes, more than the ${maxBytes} bytes a member may have here`,
    };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const p = entry.localHeaderOffset;
  if (p + 30 > bytes.length || view.getUint32(p, true) !== LOC_SIG)
    return { ok: false, reason: `local header of ${entry.name} is damaged` };
  if ((entry.flags & 1) !== 0) return { ok: false, reason: `${entry.name} is encrypted` };
  const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) return { ok: false, reason: `${entry.name} is cut off (truncated archive)` };
  const data = bytes.subarray(start, end);
  let out: Uint8Array;
  if (entry.method === 0) {
    out = data;
  } else if (entry.method === 8) {
    try {
      // One byte over the announced size is enough to tell it is wrong, without inflating a bomb in full.
      const inflated = inflateRawSync(data, { maxOutputLength: Math.min(entry.size, maxBytes) + 1 });
      out = new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
    } catch (e) {
      return {
        ok: false,
        reason: `${entry.name} cannot be inflated: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
  } else {
    return {
      ok: false,
      reason: `${entry.name} uses compression method ${entry.method}; only stored and deflate are supported`,
    };
  }
  if (out.length !== entry.size) {
    return {
      ok: false,
      reason: `${entry.name} ${entry.method === 0 ? 'holds' : 'inflated to'} ${out.length} bytes, the directory says ${entry.size}`,
    };
  }
  const actual = crc32(out) >>> 0;
  if (actual !== entry.crc32) {
    return {
      ok: false,
      reason: `${entry.name} fails its CRC-32 check (${hex(actual)}, the directory says ${hex(entry.crc32)}): the member is damaged`,
    };
  }
  return { ok: true, bytes: out };
}
