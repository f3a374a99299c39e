/**
 * Fixed claims written back into the FHIR JSON they came from (patchFhirClaims, through writeFixedClaimFile as
 * `check --fix` and POST /api/check/fix use it): the resource stays the one the EHR sent, only the fixed items change.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Claim } from '../../core/claim/model.ts';
import { applyFixes } from '../../core/edits/apply-fixes.ts';
import type { Finding, FixAction } from '../../core/findings/model.ts';
import { fhirSamplesDir } from '../../../test/support/shared.ts';
import { readClaimBytes, writeFixedClaimFile } from '../claim-files/index.ts';
import { patchFhirClaims } from './index.ts';
import type { Claim as FhirClaim, ClaimItem } from './r4.ts';
import { imfinziClaim } from './testing.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function finding(claimIndex: number, actions: FixAction[]): Finding {
  return {
    editId: 'test-edit',
    severity: 'error',
    claimId: 'x',
    claimIndex,
    line: actions[0]?.line ?? null,
    field: 'modifiers',
    message: 'm',
    why: 'w',
    source: 's',
    denial: null,
    fix: { description: 'fix', actions },
  };
}

/** Reads `text`, applies `actions` to claim `claimIndex`, and writes the fixed claims back as fix does. */
function fix(
  text: string,
  claimIndex: number,
  actions: FixAction[],
): { text: string; patched: boolean; claims: Claim[] } {
  const read = readClaimBytes('claims.json', bytes(text));
  const fixed = applyFixes(read.claims, [finding(claimIndex, actions)]);
  assert.equal(fixed.applied.length, 1, JSON.stringify(fixed.skipped));
  const written = writeFixedClaimFile(read.claims, fixed.claims, 'fhir', bytes(text));
  return { text: written.text, patched: written.patched, claims: fixed.claims };
}

/** The claim of the QA with what the canonical model does not carry: meta, a care team, a payee, unitPrice, text. */
function richClaim(): FhirClaim {
  const c = imfinziClaim();
  c.meta = { tag: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'HTEST' }] };
  c.careTeam = [{ sequence: 1, provider: { reference: 'Practitioner/example' } }];
  c.payee = { type: { coding: [{ code: 'provider' }] } };
  const item = c.item?.[0] as ClaimItem;
  item.careTeamSequence = [1];
  item.unitPrice = { value: 100, currency: 'USD' };
  item.extension = [{ url: 'https://ehr.example/fhir/order-id', valueString: 'ORD-77' }];
  return c;
}

void describe('FHIR claims written back after fixes', () => {
  it('no fix (check/fix?apply=none): the HL7 sample comes back byte for byte, as the same resource', () => {
    const text = readFileSync(join(fhirSamplesDir(), 'Claim_hl7-r4_claim-example-professional.json'), 'utf8');
    const read = readClaimBytes('c.json', bytes(text));
    const written = writeFixedClaimFile(read.claims, read.claims, 'fhir', bytes(text));
    assert.deepEqual([written.patched, written.text], [true, text]);
  });

  it('add a modifier: only that item changes; id, identifier system, references, care team, payee, meta stay', () => {
    const before = richClaim();
    const text = JSON.stringify(before, null, 2);
    const out = fix(text, 0, [{ kind: 'add-modifier', claimIndex: 0, line: 1, modifier: 'JZ' }]);
    assert.equal(out.patched, true);
    const after = JSON.parse(out.text) as FhirClaim;
    const expected = richClaim();
    (expected.item?.[0] as ClaimItem).modifier = [
      { coding: [{ system: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', code: 'JZ' }] },
    ];
    assert.deepEqual(after, expected);
    // The file's own layout (2-space indent) is kept.
    assert.ok(out.text.startsWith('{\n  "resourceType": "Claim",\n  "id": "cl1",'));
  });

  it('split a line (JW for the waste): the copy follows its line, units, net and NDC quantity split, renumbered', () => {
    const text = JSON.stringify(richClaim());
    const out = fix(text, 0, [
      { kind: 'split-line', claimIndex: 0, line: 1, keepUnits: 140, newUnits: 10, addModifiers: ['JW'] },
    ]);
    const items = (JSON.parse(out.text) as FhirClaim).item ?? [];
    assert.deepEqual(
      items.map((i) => [
        i.sequence,
        i.productOrService.coding?.[0]?.code,
        (i.modifier ?? []).map((m) => m.coding?.[0]?.code),
        i.quantity?.value,
        i.net?.value,
        i.detail?.[0]?.quantity?.value,
        i.careTeamSequence,
      ]),
      [
        [1, 'J9173', [], 140, 14000, 28, [1]],
        [2, 'J9173', ['JW'], 10, 1000, 2, [1]],
        [3, '96413', [], 1, 350, undefined, undefined],
      ],
    );
    // The EHR's own extension and unitPrice go with the copy; the total is unchanged.
    assert.deepEqual(items[1]?.extension, [
      { url: 'https://ehr.example/fhir/order-id', valueString: 'ORD-77' },
    ]);
    assert.deepEqual((JSON.parse(out.text) as FhirClaim).total, { value: 15350, currency: 'USD' });
    // Compact in, compact out.
    assert.ok(!out.text.includes('\n'));
    // Read again, the file says what the fixed claims say.
    const again = readClaimBytes('again.json', bytes(out.text)).claims[0] as Claim;
    assert.deepEqual(
      again.lines.map((l) => [l.sequence, l.procedure.modifiers, l.units, l.chargeCents, l.drug?.quantity]),
      out.claims[0]?.lines.map((l) => [
        l.sequence,
        l.procedure.modifiers,
        l.units,
        l.chargeCents,
        l.drug?.quantity,
      ]),
    );
  });

  it('an NDC and a code set as published, where the reader found them', () => {
    const c = imfinziClaim();
    (c.item?.[0] as ClaimItem).detail![0]!.productOrService.coding![0]!.code = '00310-4611-50';
    (c.item?.[0] as ClaimItem).productOrService.coding![0]!.code = 'j9173';
    const out = fix(JSON.stringify(c), 0, [
      { kind: 'set-ndc', claimIndex: 0, line: 1, from: '00310-4611-50', to: '00310461150' },
      { kind: 'set-code', claimIndex: 0, line: 1, from: 'j9173', to: 'J9173' },
    ]);
    assert.deepEqual(JSON.parse(out.text), imfinziClaim());
  });

  it('the coding the reader took is the one a fix edits: HCPCS before CDT, CDT before a local code', () => {
    const CDT = 'http://www.ada.org/cdt';
    const HCPCS = 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
    // A drug line also coded in CDT stays a HCPCS line (the drug edits must see it).
    const both = imfinziClaim();
    (both.item?.[0] as ClaimItem).productOrService.coding = [
      { system: CDT, code: 'D9610' },
      { system: HCPCS, code: 'j9173' },
    ];
    const drug = fix(JSON.stringify(both), 0, [
      { kind: 'set-code', claimIndex: 0, line: 1, from: 'j9173', to: 'J9173' },
    ]);
    assert.deepEqual(drug.claims[0]?.lines[0]?.procedure, { qualifier: 'HC', code: 'J9173', modifiers: [] });
    assert.deepEqual((JSON.parse(drug.text) as FhirClaim).item?.[0]?.productOrService.coding, [
      { system: CDT, code: 'D9610' },
      { system: HCPCS, code: 'J9173' },
    ]);
    // A local code before the CDT one: the CDT coding is read, and the fix edits it, not the local one.
    const dental = imfinziClaim();
    (dental.item?.[0] as ClaimItem).productOrService.coding = [
      { system: 'https://ehr.example/codes', code: 'LOCAL1' },
      { system: CDT, code: 'D1110' },
    ];
    const cleaned = fix(JSON.stringify(dental), 0, [
      { kind: 'set-code', claimIndex: 0, line: 1, from: 'D1110', to: 'D1120' },
    ]);
    assert.deepEqual((JSON.parse(cleaned.text) as FhirClaim).item?.[0]?.productOrService.coding, [
      { system: 'https://ehr.example/codes', code: 'LOCAL1' },
      { system: CDT, code: 'D1120' },
    ]);
    assert.equal(readClaimBytes('c.json', bytes(cleaned.text)).claims[0]?.lines[0]?.procedure.code, 'D1120');
  });

  it('a Bundle: only the fixed Claim changes, the other entries stay as they were', () => {
    const other = { ...imfinziClaim(), id: 'cl2', identifier: [{ system: 'urn:x', value: 'OTHER' }] };
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: 'urn:uuid:0a4f3b8e-6c1d-4e2f-9a7b-5c6d7e8f9a0b', resource: other },
        { fullUrl: 'urn:uuid:1b5a4c9f-7d2e-4f3a-8b8c-6d7e8f9a0b1c', resource: richClaim() },
        { resource: { resourceType: 'Patient', id: 'unused' } },
      ],
    };
    const out = fix(JSON.stringify(bundle, null, '\t'), 1, [
      { kind: 'add-modifier', claimIndex: 1, line: 2, modifier: '59' },
    ]);
    const after = JSON.parse(out.text) as typeof bundle;
    assert.deepEqual(after.entry[0], bundle.entry[0]);
    assert.deepEqual(after.entry[2], bundle.entry[2]);
    assert.deepEqual(((after.entry[1]?.resource as FhirClaim).item?.[1] as ClaimItem).modifier, [
      { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '59' }] },
    ]);
    assert.ok(out.text.includes('\n\t"resourceType"'));
  });

  it('NDJSON: only the line of the fixed claim is rewritten', () => {
    const first = JSON.stringify({ ...imfinziClaim(), id: 'n1' });
    const second = JSON.stringify({ ...imfinziClaim(), id: 'n2', identifier: [{ value: 'N2' }] });
    const text = `${first}\n${second}\n`;
    const out = fix(text, 1, [{ kind: 'add-modifier', claimIndex: 1, line: 1, modifier: 'JZ' }]);
    const lines = out.text.split('\n');
    assert.deepEqual([lines[0], lines[2]], [first, '']);
    assert.notEqual(lines[1], second);
    assert.match(lines[1] ?? '', /"code":"JZ"/);
  });

  it('claims that cannot be tied to the JSON (no path): null, and the caller writes from the claims', () => {
    const text = JSON.stringify(imfinziClaim());
    const read = readClaimBytes('c.json', bytes(text));
    const claims = read.claims.map((c) => {
      const { position: _p, ...rest } = c;
      return rest;
    });
    const fixed = applyFixes(claims, [
      finding(0, [{ kind: 'add-modifier', claimIndex: 0, line: 1, modifier: 'JZ' }]),
    ]);
    assert.equal(patchFhirClaims(bytes(text), claims, fixed.claims), null);
    const written = writeFixedClaimFile(claims, fixed.claims, 'fhir', bytes(text));
    assert.equal(written.patched, false);
  });
});
