/**
 * The real 835 samples in ../shared/samples/x12 through the recovery store: counts and payments as MANIFEST.md
 * gives them, every adjustment classified (no CARC unknown to the mapping), and the denials each file holds.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { before, describe, test } from 'node:test';
import { openDatabase } from '../../src/adapters/store/database.ts';
import { RECOVERY_MIGRATIONS } from '../../src/adapters/store/recovery/schema.ts';
import { readClaimBytes } from '../../src/adapters/claim-files/index.ts';
import { importRecoveryFile } from '../../src/adapters/store/recovery/session.ts';
import { RecoveryStore } from '../../src/adapters/store/recovery/store.ts';
import type { AnalysisContext } from '../../src/core/recovery/analyze.ts';
import { classifyAdjustment } from '../../src/core/recovery/classify.ts';
import { analysisContext } from './fixtures.ts';
import { fhirSamplesDir, x12SamplesDir } from '../support/shared.ts';

let ctx: AnalysisContext;
before(async () => {
  ctx = await analysisContext();
});

interface SampleCase {
  file: string;
  /** From MANIFEST.md: claims (CLP), lines (SVC), BPR02 per payment. */
  claims: number;
  lines: number;
  payments: number[];
  /** The group-CARC pairs MANIFEST.md lists for the file. */
  carcs: string[];
  /** Denials expected: "claimId/line/GROUP-CARC/cause/action/amountCents[/deadline]". */
  denials: string[];
  /** Or, for masked files, the count of denials per root cause. */
  denialCauses?: Record<string, number>;
  /**
   * Remittance claims read with an error inside them, so not stored: "CLP01@segment: code SEGMENT index.element, …".
   * When that is every claim, the file is rejected and nothing of it is kept.
   */
  notStored?: string[];
}

const cases: SampleCase[] = [
  {
    file: '835_lfh_managed-care.835',
    claims: 2,
    lines: 2,
    payments: [94_500],
    carcs: ['CO-A2', 'CO-45', 'PR-1'],
    denials: [],
  },
  {
    // MANIFEST: the third SVC is malformed (10 elements, no SVC02/SVC03): its claim is not stored, not kept at $0.
    file: '835_edi835parser_blue_cross_nc_sample_no-envelope.txt',
    claims: 1,
    lines: 3,
    payments: [192_286],
    carcs: ['CO-42', 'PR-2', 'PR-3'],
    denials: [],
    notStored: [
      '200200964A52@14: x12.element.required SVC27.2, x12.element.required SVC27.3, x12.segment.too-many-elements SVC27.8',
    ],
  },
  {
    // eMedNY (NY Medicaid): CO-29 timely filing on claim 2, CO-251 + N206 on claim 3. Medicaid default policy: appeal 90 days from the remittance.
    file: '835_tastypackets_multi-line-not-delimited.edi',
    claims: 3,
    lines: 10,
    payments: [4_575],
    carcs: ['CO-29', 'CO-251'],
    denials: [
      'PATIENT ACCOUNT NUMBER/1/CO-29/timely-filing/appeal/1200/2010-04-01',
      'PATIENT ACCOUNT NUMBER/2/CO-29/timely-filing/appeal/2200/2010-04-01',
      'PATIENT ACCOUNT NUMBER/3/CO-251/documentation/correct-resubmit/275',
      'PATIENT ACCOUNT NUMBER/4/CO-251/documentation/correct-resubmit/2000',
    ],
  },
  {
    // Masked Nebraska Medicaid file: amounts do not balance, codes are real.
    file: '835_oopfactory_835_WithMultipleInterchanges.txt',
    claims: 56,
    lines: 91,
    payments: [99_999, 999_999, 48_213],
    carcs: ['CO-24', 'CO-204', 'CO-45', 'CO-16', 'CO-23', 'CO-165', 'CO-29', 'CO-59'],
    denials: [],
    denialCauses: {
      'non-covered': 4,
      documentation: 3,
      'timely-filing': 1,
      'prior-authorization': 1,
      bundling: 1,
    },
  },
  {
    // 9 CLPs with the same CLP01: all stored (content keys differ), no denials (CO-131 is a negotiated discount).
    file: '835_stedi_multiple-claims-single-check_dental.edi',
    claims: 9,
    lines: 33,
    payments: [81_080],
    carcs: ['CO-131', 'PR-3'],
    denials: [],
  },
];

/** A sample read whole: its name and bytes (what the store hashes) and what the claim-files reader found in it. */
function readSample(path: string): ReturnType<typeof readClaimBytes> & { name: string; bytes: Uint8Array } {
  const name = basename(path);
  const bytes = new Uint8Array(readFileSync(path));
  return { ...readClaimBytes(name, bytes), name, bytes };
}

void describe('835 samples through revenue recovery', () => {
  for (const c of cases) {
    void test(c.file, async () => {
      const read = readSample(join(x12SamplesDir(), c.file));
      assert.deepEqual(
        read.remittances.map((r) => r.payment.amountCents),
        c.payments,
      );
      const store = new RecoveryStore(openDatabase(':memory:', { migrations: RECOVERY_MIGRATIONS }), {
        ownsDb: true,
      });
      try {
        const summary = store.importRemittances(read, read.remittances, {
          format: read.format,
          problems: read.problems,
        });
        assert.deepEqual(
          summary.notStored.map(
            (n) =>
              `${n.id}@${n.at?.segmentIndex}: ${n.problems.map((p) => `${p.code} ${p.at?.segmentId}${p.at?.segmentIndex}.${p.at?.element}`).join(', ')}`,
          ),
          c.notStored ?? [],
        );
        const stored = c.claims - (c.notStored?.length ?? 0);
        assert.deepEqual(
          [summary.status, summary.items, summary.added, summary.lines],
          [stored === 0 ? 'rejected' : 'imported', c.claims, stored, c.lines],
        );
        // Every adjustment in the file is a known CARC and classifies.
        const seen = new Set<string>();
        for (const rc of read.remittances.flatMap((r) => r.claims)) {
          for (const a of [...rc.adjustments, ...rc.serviceLines.flatMap((l) => l.adjustments)]) {
            seen.add(`${a.group}-${a.carc}`);
            assert.equal(
              classifyAdjustment(ctx.mapping, a.group, a.carc, []).known,
              true,
              `${a.group}-${a.carc}`,
            );
          }
        }
        assert.deepEqual([...seen].sort(), [...c.carcs].sort());
        if (stored === 0) {
          assert.deepEqual([store.counts().files, store.counts().remitClaims], [0, 0]);
          return;
        }
        const rec = store.reconcile(ctx);
        assert.equal(rec.remitClaimsAnalyzed, c.claims);
        assert.equal(
          rec.unmatched,
          c.claims,
          'no claims imported: every remittance claim is listed as unmatched',
        );
        assert.equal(store.unmatched().remitClaims.length, c.claims);
        const denials = store.denials();
        if (c.denialCauses) {
          const byCause: Record<string, number> = {};
          for (const d of denials) byCause[d.rootCause] = (byCause[d.rootCause] ?? 0) + 1;
          assert.deepEqual(byCause, c.denialCauses);
        } else {
          const got = denials
            .map(
              (d) =>
                `${d.claimId}/${d.line}/${d.groupCode}-${d.carc}/${d.rootCause}/${d.action}/${d.amountCents}${d.action === 'appeal' ? `/${d.deadline}` : ''}`,
            )
            .sort();
          assert.deepEqual(got, [...c.denials].sort());
        }
        // Importing the same file again adds nothing.
        const again = store.importRemittances(read, read.remittances);
        assert.equal(again.status, 'already-imported');
        assert.equal(store.counts().remitClaims, c.claims);
      } finally {
        store.close();
      }
    });
  }
});

/** FHIR ExplanationOfBenefit samples (../shared/samples/fhir, MANIFEST.md): read as remittances and stored. */
const fhirCases: { file: string; lines: number; charges: number[] }[] = [
  // item 1 net 135.57, item 2 (group) net 200.00
  { file: 'EOB_hl7-r4_explanationofbenefit-example_EB3500.json', lines: 2, charges: [13_557, 20_000] },
  // one item, adjudication submitted 1000
  { file: 'EOB_carinbb200_EOBProfessional1.json', lines: 1, charges: [100_000] },
  { file: 'EOB_carinbb200_EOBPharmacy1_ndc.json', lines: 1, charges: [100_000] },
  { file: 'EOB_bfd-v2_eobReadCarrier_ndc-ext.json', lines: 1, charges: [7_500] },
  { file: 'EOB_hccinfhir_sample_eob_1.json', lines: 2, charges: [0, 0] },
];

void describe('FHIR ExplanationOfBenefit samples through revenue recovery', () => {
  for (const c of fhirCases) {
    void test(c.file, () => {
      const read = readSample(join(fhirSamplesDir(), c.file));
      assert.equal(read.format, 'fhir');
      const lines = read.remittances.flatMap((r) => r.claims.flatMap((rc) => rc.serviceLines));
      assert.deepEqual(
        lines.map((l) => l.chargeCents),
        c.charges,
      );
      const store = new RecoveryStore(openDatabase(':memory:', { migrations: RECOVERY_MIGRATIONS }), {
        ownsDb: true,
      });
      try {
        const summary = store.importRemittances(read, read.remittances, { format: read.format });
        assert.deepEqual([summary.status, summary.items, summary.lines], ['imported', 1, c.lines]);
        const rec = store.reconcile(ctx);
        assert.equal(rec.remitClaimsAnalyzed, 1);
        // None of these EOBs carries a denial reason; the Blue Button one has a coinsurance (PR-2), not a denial.
        assert.deepEqual(store.denials(), []);
      } finally {
        store.close();
      }
    });
  }
});

/**
 * The MALFORMED 837P samples (MANIFEST.md) through `claims import`: a claim the reader found an error inside is not
 * stored, the file's other claims are; errors outside any claim (ISA padding, SE01 count) do not remove a claim.
 */
const malformed: { file: string; stored: string[]; notStored: string[] }[] = [
  {
    // ISA not padded (the envelope) and a subscriber HL naming a wrong parent (the second claim's loop 2000B).
    file: 'MALFORMED_837P_imsweb_x12_bad_first_line.txt',
    stored: ['A37YH556'],
    notStored: ['A37YH667: x12.hl.parent HL26'],
  },
  {
    // No HI on the only claim: nothing stored, the file is rejected.
    file: 'MALFORMED_837P_imsweb_x12_segment_errors.txt',
    stored: [],
    notStored: ['A37YH556: x12.loop.required-segment HI20'],
  },
];

void describe('MALFORMED 837P samples through claims import', () => {
  for (const c of malformed) {
    void test(c.file, () => {
      const store = new RecoveryStore(openDatabase(':memory:', { migrations: RECOVERY_MIGRATIONS }), {
        ownsDb: true,
      });
      try {
        const r = importRecoveryFile(store, join(x12SamplesDir(), c.file), 'claims');
        const ids = (
          store.db.prepare('SELECT claim_id FROM recovery_claims ORDER BY id').all() as { claim_id: string }[]
        ).map((row) => row.claim_id);
        assert.deepEqual(ids, c.stored);
        if (c.stored.length === 0) {
          assert.equal(r.ok, false);
          const errors = r.ok ? [] : r.errors;
          assert.match(errors[0] ?? '', /every claim of .* has a read error inside it: nothing imported/);
          assert.ok(
            errors.some((e) =>
              /segment 20 \(HI\), loop 2300: .*\(claim A37YH556 at line 21, segment 20 \(CLM\) not imported\)/.test(
                e,
              ),
            ),
            errors.join('\n'),
          );
          return;
        }
        assert.ok(r.ok);
        assert.deepEqual(
          r.summary.notStored.map(
            (n) =>
              `${n.id}: ${n.problems.map((p) => `${p.code} ${p.at?.segmentId}${p.at?.segmentIndex}`).join(', ')}`,
          ),
          c.notStored,
        );
      } finally {
        store.close();
      }
    });
  }
});
