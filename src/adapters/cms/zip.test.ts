/**
 * zip.ts checks every member it reads against the central directory: CRC-32 and uncompressed size (QA finding 2:
 * a flipped bit inside the deflated HCPCS txt inflated to the right length with garbled descriptors).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { crc32, deflateRawSync } from 'node:zlib';
import { readDatasetFile } from './index.ts';
import { codesOf, errors, FILES, sharedBytes } from './testing.ts';
import { listZip, readZipEntry } from './zip.ts';

interface Member {
  name: string;
  data: Uint8Array;
  method?: 0 | 8;
  /** Overrides of what the central directory says. */
  crc?: number;
  size?: number;
  flags?: number;
}

/** A minimal zip (local headers, central directory, end record) as APPNOTE §4.3 lays it out. */
function zip(members: readonly Member[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const m of members) {
    const name = new TextEncoder().encode(m.name);
    const method = m.method ?? 8;
    const body = method === 8 ? new Uint8Array(deflateRawSync(m.data)) : m.data;
    const crc = m.crc ?? crc32(m.data);
    const size = m.size ?? m.data.length;
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(6, m.flags ?? 0, true);
    local.setUint16(8, method, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, body.length, true);
    local.setUint32(22, size, true);
    local.setUint16(26, name.length, true);
    const cen = new DataView(new ArrayBuffer(46));
    cen.setUint32(0, 0x02014b50, true);
    cen.setUint16(8, m.flags ?? 0, true);
    cen.setUint16(10, method, true);
    cen.setUint32(16, crc, true);
    cen.setUint32(20, body.length, true);
    cen.setUint32(24, size, true);
    cen.setUint16(28, name.length, true);
    cen.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), name, body);
    central.push(new Uint8Array(cen.buffer), name);
    offset += 30 + name.length + body.length;
  }
  const cdSize = central.reduce((n, p) => n + p.length, 0);
  const eocd = new DataView(new ArrayBuffer(22));
  eocd.setUint32(0, 0x06054b50, true);
  eocd.setUint16(8, members.length, true);
  eocd.setUint16(10, members.length, true);
  eocd.setUint32(12, cdSize, true);
  eocd.setUint32(16, offset, true);
  return new Uint8Array(Buffer.concat([...parts, ...central, new Uint8Array(eocd.buffer)]));
}

const text = new TextEncoder().encode('J9173 Injection, durvalumab, 10 mg\r\n'.repeat(20));

void describe('readZipEntry checks CRC-32 and size', () => {
  const cases: { label: string; member: Member; reason?: RegExp }[] = [
    { label: 'stored, intact', member: { name: 'a.txt', data: text, method: 0 } },
    { label: 'deflated, intact', member: { name: 'a.txt', data: text } },
    {
      label: 'stored, CRC differs',
      member: { name: 'a.txt', data: text, method: 0, crc: crc32(text) ^ 1 },
      reason: /^a\.txt fails its CRC-32 check \(0x[0-9a-f]{8}, the directory says 0x[0-9a-f]{8}\)/,
    },
    {
      label: 'deflated, CRC differs',
      member: { name: 'a.txt', data: text, crc: 0 },
      reason: /^a\.txt fails its CRC-32 check/,
    },
    {
      label: 'stored, directory size differs',
      member: { name: 'a.txt', data: text, method: 0, size: text.length + 1 },
      reason: new RegExp(`^a\\.txt holds ${text.length} bytes, the directory says ${text.length + 1}`),
    },
    {
      label: 'deflated, inflates to less than the directory says',
      member: { name: 'a.txt', data: text, size: text.length + 10 },
      reason: new RegExp(`^a\\.txt inflated to ${text.length} bytes`),
    },
    {
      label: 'deflated, inflates to more than the directory says (stopped one byte over)',
      member: { name: 'a.txt', data: text, size: 10 },
      reason: /^a\.txt cannot be inflated/,
    },
    {
      label: 'encrypted',
      member: { name: 'a.txt', data: text, flags: 1 },
      reason: /^a\.txt is encrypted/,
    },
  ];
  for (const c of cases) {
    void test(c.label, () => {
      const bytes = zip([c.member]);
      const listing = listZip(bytes);
      assert.ok(listing.ok);
      const entry = listing.entries[0];
      assert.ok(entry);
      const r = readZipEntry(bytes, entry);
      if (c.reason === undefined) {
        assert.ok(r.ok, r.ok ? '' : r.reason);
        assert.deepEqual(r.bytes, text);
      } else {
        assert.equal(r.ok, false);
        assert.match(r.ok ? '' : r.reason, c.reason);
      }
    });
  }
});

void describe('a damaged CMS zip is refused, naming the zip and the member', () => {
  const real = sharedBytes(FILES.hcpcsZip);
  // Offsets inside the deflated txt member (bytes 0-434,878): the QA report's 200000 inflated to the right
  // length with garbled descriptors and was imported.
  for (const offset of [200_000, 300_000, 434_000]) {
    void test(`one bit flipped at byte ${offset}`, () => {
      const bytes = new Uint8Array(real);
      bytes[offset] = (bytes[offset] ?? 0) ^ 0x04;
      const r = readDatasetFile({ name: 'january-2026-alpha-numeric-hcpcs-file.zip', bytes });
      assert.equal(r.dataset, undefined);
      const e = errors(r.problems);
      assert.deepEqual(codesOf(e), ['cms.zip.damaged']);
      assert.equal(
        e[0]?.at?.file,
        'january-2026-alpha-numeric-hcpcs-file.zip!HCPC2026_JAN_ANWEB_01122026.txt',
      );
      assert.match(
        e[0]?.message ?? '',
        /HCPC2026_JAN_ANWEB_01122026\.txt (fails its CRC-32|cannot be inflated)/,
      );
    });
  }

  void test('a stored member with a wrong CRC is refused through readDatasetFile too', () => {
    const hcpcs = sharedBytes(FILES.hcpcsTxt);
    const bytes = zip([{ name: 'HCPC2026_JAN_ANWEB_01122026.txt', data: hcpcs, method: 0, crc: 1 }]);
    const r = readDatasetFile({ name: 'hcpcs.zip', bytes });
    assert.deepEqual(codesOf(errors(r.problems)), ['cms.zip.damaged']);
  });

  void test('the same member intact reads as the txt', () => {
    const hcpcs = sharedBytes(FILES.hcpcsTxt);
    const r = readDatasetFile({
      name: 'hcpcs.zip',
      bytes: zip([{ name: 'HCPC2026_JAN_ANWEB_01122026.txt', data: hcpcs }]),
    });
    assert.equal(r.dataset, 'hcpcs');
    assert.deepEqual(errors(r.problems), []);
  });
});

void describe('readZipEntry stops at a fixed cap, whatever the directory says', () => {
  void test('a member declared larger than the cap is refused before inflating', () => {
    const bytes = zip([{ name: 'HCPC2026_JAN_ANWEB.txt', data: new Uint8Array(4096) }]);
    const entry = listZip(bytes);
    assert.ok(entry.ok);
    const first = entry.entries[0];
    assert.ok(first);
    const r = readZipEntry(bytes, first, 1024);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.reason : '', /more than the 1024 bytes/);
    assert.equal(readZipEntry(bytes, first, 4096).ok, true, 'at the cap it is read');
  });

  void test('a member that lies low about its size still stops one byte past it', () => {
    const bytes = zip([{ name: 'HCPC2026_JAN_ANWEB.txt', data: new Uint8Array(1 << 20), size: 100 }]);
    const listing = listZip(bytes);
    assert.ok(listing.ok && listing.entries[0]);
    const r = readZipEntry(bytes, listing.entries[0]);
    assert.equal(r.ok, false);
  });
});
