/**
 * The contract every `ReferenceStore` implementation passes (SQLite now, PostgreSQL later):
 *
 *   runReferenceStoreContract({ name: 'sqlite', newStore: () => SqliteReferenceStore.open({ path }) });
 *
 * Uses small literal datasets, so it runs in milliseconds; the real files are covered by the SQLite tests.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Problem } from '../../core/problem.ts';
import type {
  AspLimit,
  HcpcsRecord,
  Icd10Code,
  Mue,
  NdcPackage,
  Release,
} from '../../core/reference/model.ts';
import type { ParsedDataset, ReleaseInfo } from '../cms/types.ts';
import type { ReferenceStore } from './types.ts';

export interface ContractOptions {
  name: string;
  /** A new, empty store for each test. */
  newStore: () => ReferenceStore | Promise<ReferenceStore>;
}

function info(
  dataset: ReleaseInfo['dataset'],
  sha: string,
  effectiveFrom: string,
  effectiveTo: string | null,
): ReleaseInfo {
  return {
    dataset,
    fileName: `${dataset}-${effectiveFrom}.csv`,
    sha256: sha.repeat(64).slice(0, 64),
    releaseDate: null,
    effectiveFrom,
    effectiveTo,
    label: `${dataset} from ${effectiveFrom}`,
  };
}

export function hcpcsRecord(
  code: string,
  longDescription: string,
  over: Partial<HcpcsRecord> = {},
): HcpcsRecord {
  return {
    code,
    kind: code.length === 2 ? 'modifier' : 'procedure',
    longDescription,
    shortDescription: longDescription.slice(0, 28),
    pricingIndicators: ['51'],
    multiplePricingIndicator: 'A',
    coverageCode: 'D',
    betos: 'O1D',
    typesOfService: ['1', 'P'],
    processingNote: '',
    crossReferences: [],
    addedDate: '2019-01-01',
    actionEffectiveDate: '2019-01-01',
    terminationDate: null,
    actionCode: 'N',
    ...over,
  };
}

const aspRecord = (code: string, mills: number | null): AspLimit => ({
  code,
  shortDescription: `${code} short`,
  dosage: '10 MG',
  paymentLimitMills: mills,
  coinsurancePercent: 20,
  notes: '',
});

const ndcRecord = (code: string, ndc11: string, units: number): NdcPackage => ({
  code,
  ndc11,
  shortDescription: 'Inj., durvalumab, 10 mg',
  labelerName: 'AstraZeneca',
  drugName: 'Imfinzi',
  hcpcsDosage: '10 MG',
  packageSize: 2.4,
  packageQuantity: 1,
  billingUnitsPerItem: units,
  billingUnitsPerPackage: units,
});

const mueRecord = (code: string, value: number): Mue => ({
  code,
  setting: 'practitioner',
  value,
  mai: 3,
  maiText: '3 Date of Service Edit: Clinical',
  rationale: 'Prescribing Information',
});

export const fixtures = {
  hcpcsJan: (): ParsedDataset => ({
    dataset: 'hcpcs',
    release: info('hcpcs', 'a', '2026-01-01', null),
    records: [
      hcpcsRecord('J9173', 'Injection, durvalumab, 10 mg'),
      hcpcsRecord('J9999', 'Injection, newdrug, 5 mg', { addedDate: '2026-01-01', actionCode: 'A' }),
      hcpcsRecord('JW', 'Drug amount discarded/not administered to any patient', {
        pricingIndicators: [],
        typesOfService: [],
      }),
    ],
    problems: [],
  }),
  hcpcsApr: (): ParsedDataset => ({
    dataset: 'hcpcs',
    release: info('hcpcs', 'b', '2026-04-01', null),
    records: [hcpcsRecord('J9173', 'Injection, durvalumab, 10 mg (april)')],
    problems: [],
  }),
  aspJan: (): ParsedDataset => ({
    dataset: 'asp',
    release: info('asp', 'c', '2026-01-01', '2026-03-31'),
    records: [aspRecord('J9173', 86270), aspRecord('A9606', null)],
    problems: [],
  }),
  ndcJan: (): ParsedDataset => ({
    dataset: 'ndc-crosswalk',
    release: info('ndc-crosswalk', 'd', '2026-01-01', '2026-03-31'),
    records: [ndcRecord('J9173', '00310450012', 12), ndcRecord('J9173', '00310461150', 50)],
    problems: [],
  }),
  mueApr: (): ParsedDataset => ({
    dataset: 'mue-practitioner',
    release: info('mue-practitioner', 'e', '2026-04-01', null),
    records: [mueRecord('J9173', 150)],
    problems: [],
  }),
  icd: (): ParsedDataset => ({
    dataset: 'icd10cm',
    release: info('icd10cm', 'f', '2025-10-01', '2026-09-30'),
    records: [
      {
        code: 'C3490',
        description: 'Malignant neoplasm of unspecified part of unspecified bronchus or lung',
        billable: true,
      } satisfies Icd10Code,
    ],
    problems: [],
  }),
  broken: (): ParsedDataset => {
    const problem: Problem = {
      code: 'cms.bad-field',
      severity: 'error',
      message: 'broken.csv, line 12, field "Payment Limit": not a number',
      at: { file: 'broken.csv', line: 12, field: 'Payment Limit' },
    };
    return {
      dataset: 'asp',
      release: info('asp', '9', '2026-04-01', '2026-06-30'),
      records: [],
      problems: [problem],
    };
  },
  /** A dataset whose second record throws while being written: the store must roll back. */
  explodesMidWrite: (): ParsedDataset => {
    const bad = { ...aspRecord('J0002', 1) };
    Object.defineProperty(bad, 'code', {
      enumerable: true,
      get() {
        throw new Error('simulated failure while writing');
      },
    });
    return {
      dataset: 'asp',
      release: info('asp', '8', '2026-07-01', '2026-09-30'),
      records: [aspRecord('J0001', 1), bad],
      problems: [],
    };
  },
};

const ids = (releases: readonly Release[]): string[] => releases.map((r) => r.id).sort();

export function runReferenceStoreContract(options: ContractOptions): void {
  const withStore = async (fn: (store: ReferenceStore) => Promise<void>): Promise<void> => {
    const store = await options.newStore();
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  };

  describe(`ReferenceStore contract: ${options.name}`, () => {
    it('starts empty and loads an empty index', () =>
      withStore(async (store) => {
        assert.deepEqual(await store.listReleases(), []);
        const ref = await store.loadReferenceData();
        assert.equal(ref.hcpcs('J9173', '2026-01-15'), undefined);
      }));

    it('imports releases, lists them with ids and counts, and answers lookups as of a date', () =>
      withStore(async (store) => {
        const result = await store.importReleases(
          [fixtures.hcpcsJan(), fixtures.aspJan(), fixtures.ndcJan(), fixtures.mueApr(), fixtures.icd()],
          {
            now: '2026-02-01T10:00:00.000Z',
          },
        );
        assert.equal(result.ok, true);
        assert.ok(result.ok);
        assert.deepEqual(
          result.releases.map((r) => r.status),
          ['imported', 'imported', 'imported', 'imported', 'imported'],
        );
        const releases = await store.listReleases();
        assert.equal(releases.length, 5);
        const asp = releases.find((r) => r.dataset === 'asp');
        assert.deepEqual(asp, {
          id: `asp:2026-01-01:${'c'.repeat(8)}`,
          dataset: 'asp',
          fileName: 'asp-2026-01-01.csv',
          sha256: 'c'.repeat(64),
          releaseDate: null,
          effectiveFrom: '2026-01-01',
          effectiveTo: '2026-03-31',
          label: 'asp from 2026-01-01',
          recordCount: 2,
          importedAt: '2026-02-01T10:00:00.000Z',
        });
        const ref = await store.loadReferenceData();
        assert.equal(ref.aspLimit('J9173', '2026-02-01')?.value.paymentLimitMills, 86270);
        assert.equal(ref.aspLimit('A9606', '2026-02-01')?.value.paymentLimitMills, null);
        assert.equal(ref.mue('J9173', 'practitioner', '2026-04-02')?.value.value, 150);
        assert.deepEqual(
          ref.ndcPackagesForCode('J9173', '2026-02-01')?.value.map((p) => p.billingUnitsPerPackage),
          [12, 50],
        );
        assert.equal(ref.icd10('C34.90', '2026-02-01')?.value.billable, true);
        assert.equal(ref.hcpcs('JW', '2026-02-01')?.value.kind, 'modifier');
      }));

    it('round-trips every field of every record exactly', () =>
      withStore(async (store) => {
        const datasets = [
          fixtures.hcpcsJan(),
          fixtures.aspJan(),
          fixtures.ndcJan(),
          fixtures.mueApr(),
          fixtures.icd(),
        ];
        await store.importReleases(datasets);
        const ref = await store.loadReferenceData();
        const hcpcs = datasets[0];
        assert.ok(hcpcs?.dataset === 'hcpcs');
        for (const r of hcpcs.records) assert.deepEqual(ref.hcpcs(r.code, '2026-02-01')?.value, r);
        assert.deepEqual(ref.ndcPackages('00310450012', '2026-02-01')?.value, [
          ndcRecord('J9173', '00310450012', 12),
        ]);
      }));

    it('re-importing the same file is a no-op reported as already imported', () =>
      withStore(async (store) => {
        await store.importReleases([fixtures.aspJan()]);
        const before = await store.listReleases();
        const again = await store.importReleases([fixtures.aspJan(), fixtures.aspJan()]);
        assert.ok(again.ok);
        assert.deepEqual(
          again.releases.map((r) => r.status),
          ['already-imported', 'already-imported'],
        );
        assert.deepEqual(await store.listReleases(), before);
      }));

    it('the same file twice in one batch is written once', () =>
      withStore(async (store) => {
        const result = await store.importReleases([fixtures.hcpcsJan(), fixtures.hcpcsJan()]);
        assert.ok(result.ok);
        assert.deepEqual(
          result.releases.map((r) => r.status),
          ['imported', 'already-imported'],
        );
        assert.equal((await store.listReleases()).length, 1);
      }));

    it('a new quarter keeps the old one; each date is answered from its own release', () =>
      withStore(async (store) => {
        await store.importReleases([fixtures.hcpcsJan()]);
        await store.importReleases([fixtures.hcpcsApr()]);
        assert.equal((await store.listReleases()).length, 2);
        const ref = await store.loadReferenceData();
        assert.equal(ref.hcpcs('J9173', '2026-03-31')?.value.longDescription, 'Injection, durvalumab, 10 mg');
        assert.equal(
          ref.hcpcs('J9173', '2026-04-01')?.value.longDescription,
          'Injection, durvalumab, 10 mg (april)',
        );
        assert.equal(ref.hcpcs('J9999', '2026-04-01'), undefined);
      }));

    it('refuses a batch with any error problem and writes nothing', () =>
      withStore(async (store) => {
        await store.importReleases([fixtures.aspJan()]);
        const before = await store.listReleases();
        const result = await store.importReleases([fixtures.hcpcsJan(), fixtures.broken()]);
        assert.equal(result.ok, false);
        assert.ok(!result.ok);
        assert.match(result.problems[0]?.message ?? '', /broken\.csv, line 12, field "Payment Limit"/);
        assert.deepEqual(await store.listReleases(), before);
      }));

    it('a failure in the middle of writing rolls the whole batch back', () =>
      withStore(async (store) => {
        await store.importReleases([fixtures.aspJan()]);
        const before = await store.listReleases();
        const result = await store.importReleases([fixtures.hcpcsJan(), fixtures.explodesMidWrite()]);
        assert.equal(result.ok, false);
        assert.ok(!result.ok);
        assert.match(result.problems[0]?.message ?? '', /simulated failure/);
        assert.deepEqual(await store.listReleases(), before);
        const ref = await store.loadReferenceData();
        assert.equal(ref.hcpcs('J9173', '2026-02-01'), undefined);
        assert.equal(ref.aspLimit('J0001', '2026-08-01'), undefined);
        // The store still works after a rollback.
        const ok = await store.importReleases([fixtures.hcpcsJan()]);
        assert.equal(ok.ok, true);
      }));

    it('deletes a release and its records', () =>
      withStore(async (store) => {
        await store.importReleases([fixtures.hcpcsJan(), fixtures.aspJan()]);
        const asp = (await store.listReleases()).find((r) => r.dataset === 'asp');
        assert.ok(asp);
        assert.equal(await store.deleteRelease(asp.id), true);
        assert.equal(await store.deleteRelease(asp.id), false);
        assert.deepEqual(ids(await store.listReleases()), [`hcpcs:2026-01-01:${'a'.repeat(8)}`]);
        const ref = await store.loadReferenceData();
        assert.equal(ref.aspLimit('J9173', '2026-02-01'), undefined);
        // Re-importing a deleted file works again.
        const again = await store.importReleases([fixtures.aspJan()]);
        assert.ok(again.ok);
        assert.equal(again.releases[0]?.status, 'imported');
      }));

    it('does not mutate the datasets it imports', () =>
      withStore(async (store) => {
        const datasets = [fixtures.hcpcsJan(), fixtures.aspJan()];
        const copy = structuredClone(datasets);
        await store.importReleases(datasets);
        assert.deepEqual(datasets, copy);
      }));
  });
}
