/**
 * The reference schema, described once as data so every SQL implementation (SQLite now, PostgreSQL later) creates
 * the same tables and maps rows the same way.
 *
 * - `ref_release`: one row per imported file (a release) with its effective period.
 * - one table per record type (`ref_hcpcs`, `ref_asp`, …), each row keyed by (release_id, seq) where seq is the
 *   record's position in its file, plus an index on (release_id, <lookup key>). Deleting a release cascades.
 * Column names are the record's property names in snake_case; lists are JSON text; booleans are 0/1 integers.
 */
import type { DatasetKind, Release } from '../../core/reference/model.ts';
import type { ReferenceRecordTypes } from '../../core/reference/reference-index.ts';
import type { Migration } from './database.ts';

export type ColumnType = 'text' | 'integer' | 'real' | 'json' | 'boolean';

type Columns<T> = { [P in keyof T]-?: ColumnType };

export interface TableSpec {
  table: string;
  /** Record property → column type, in column order. */
  columns: readonly { property: string; column: string; type: ColumnType }[];
  /** Properties indexed together with release_id for direct lookups. */
  lookupKeys: readonly string[];
}

const snake = (name: string): string => name.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);

function spec<T>(table: string, columns: Columns<T>, lookupKeys: readonly (keyof T & string)[]): TableSpec {
  return {
    table,
    columns: Object.entries(columns as Record<string, ColumnType>).map(([property, type]) => ({
      property,
      column: snake(property),
      type,
    })),
    lookupKeys: lookupKeys.map(snake),
  };
}

const hcpcs = spec<ReferenceRecordTypes['hcpcs']>(
  'ref_hcpcs',
  {
    code: 'text',
    kind: 'text',
    longDescription: 'text',
    shortDescription: 'text',
    pricingIndicators: 'json',
    multiplePricingIndicator: 'text',
    coverageCode: 'text',
    betos: 'text',
    typesOfService: 'json',
    processingNote: 'text',
    crossReferences: 'json',
    addedDate: 'text',
    actionEffectiveDate: 'text',
    terminationDate: 'text',
    actionCode: 'text',
  },
  ['code'],
);

const asp = spec<ReferenceRecordTypes['asp']>(
  'ref_asp',
  {
    code: 'text',
    shortDescription: 'text',
    dosage: 'text',
    paymentLimitMills: 'integer',
    coinsurancePercent: 'real',
    notes: 'text',
  },
  ['code'],
);

const ndc = spec<ReferenceRecordTypes['ndc-crosswalk']>(
  'ref_ndc_crosswalk',
  {
    code: 'text',
    ndc11: 'text',
    shortDescription: 'text',
    labelerName: 'text',
    drugName: 'text',
    hcpcsDosage: 'text',
    packageSize: 'real',
    packageQuantity: 'real',
    billingUnitsPerItem: 'real',
    billingUnitsPerPackage: 'real',
  },
  ['code'],
);

const mue = spec<ReferenceRecordTypes['mue-practitioner']>(
  'ref_mue',
  { code: 'text', setting: 'text', value: 'integer', mai: 'integer', maiText: 'text', rationale: 'text' },
  ['code'],
);

const icd10 = spec<ReferenceRecordTypes['icd10cm']>(
  'ref_icd10cm',
  { code: 'text', description: 'text', billable: 'boolean' },
  ['code'],
);

const adjustment = spec<ReferenceRecordTypes['carc']>(
  'ref_adjustment_code',
  {
    code: 'text',
    kind: 'text',
    status: 'text',
    description: 'text',
    startDate: 'text',
    lastModified: 'text',
    stopDate: 'text',
    notes: 'text',
  },
  ['code'],
);

const opps = spec<ReferenceRecordTypes['opps']>(
  'ref_opps',
  {
    code: 'text',
    shortDescriptor: 'text',
    statusIndicator: 'text',
    apc: 'text',
    relativeWeight: 'real',
    paymentRateCents: 'integer',
    paymentRateMills: 'integer',
    nationalUnadjustedCopayCents: 'integer',
    minimumUnadjustedCopayCents: 'integer',
  },
  ['code'],
);

const aoc = spec<ReferenceRecordTypes['ncci-aoc']>(
  'ref_ncci_aoc',
  {
    addOnCode: 'text',
    primaryCode: 'text',
    editType: 'integer',
    effectiveFrom: 'text',
    deletedOn: 'text',
    addOnDeletedOn: 'text',
    primaryDeletedOn: 'text',
    notes: 'text',
  },
  ['addOnCode'],
);

export const TABLES: Readonly<Record<DatasetKind, TableSpec>> = {
  hcpcs,
  asp,
  'ndc-crosswalk': ndc,
  'mue-practitioner': mue,
  'mue-outpatient-hospital': mue,
  'mue-dme': mue,
  icd10cm: icd10,
  carc: adjustment,
  rarc: adjustment,
  opps,
  'ncci-aoc': aoc,
};

/** Distinct record tables (MUE settings share one, CARC and RARC share one). */
export const RECORD_TABLES: readonly TableSpec[] = [...new Set(Object.values(TABLES))];

export const RELEASE_COLUMNS: Columns<Release> = {
  id: 'text',
  dataset: 'text',
  fileName: 'text',
  sha256: 'text',
  releaseDate: 'text',
  effectiveFrom: 'text',
  effectiveTo: 'text',
  label: 'text',
  recordCount: 'integer',
  importedAt: 'text',
};

/** Portable DDL for the reference tables, given the dialect's type names. */
export function referenceDdl(types: Readonly<Record<ColumnType, string>>): string {
  const parts = [
    `CREATE TABLE ref_release (
  id TEXT PRIMARY KEY,
  dataset TEXT NOT NULL,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL UNIQUE,
  release_date TEXT,
  effective_from TEXT NOT NULL,
  effective_to TEXT,
  label TEXT NOT NULL,
  record_count INTEGER NOT NULL,
  imported_at TEXT NOT NULL
);`,
    'CREATE INDEX ref_release_dataset ON ref_release (dataset, effective_from);',
  ];
  for (const t of RECORD_TABLES) {
    const cols = t.columns.map((c) => `  ${c.column} ${types[c.type]}`).join(',\n');
    parts.push(`CREATE TABLE ${t.table} (
  release_id TEXT NOT NULL REFERENCES ref_release (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
${cols},
  PRIMARY KEY (release_id, seq)
);`);
    parts.push(`CREATE INDEX ${t.table}_lookup ON ${t.table} (release_id, ${t.lookupKeys.join(', ')});`);
  }
  return parts.join('\n');
}

export const SQLITE_TYPES: Readonly<Record<ColumnType, string>> = {
  text: 'TEXT',
  integer: 'INTEGER',
  real: 'REAL',
  json: 'TEXT',
  boolean: 'INTEGER',
};

/** The reference tables' migration on SQLite (shared by every module that opens the database file). */
export const REFERENCE_MIGRATIONS: readonly Migration[] = [
  { id: 'reference/001-releases-and-records', sql: referenceDdl(SQLITE_TYPES) },
];

/** Encodes one property for SQL. */
export function encodeValue(type: ColumnType, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'json':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 1 : 0;
    case 'integer':
    case 'real':
      return typeof value === 'number' ? value : Number(value);
    case 'text':
      return String(value);
  }
}

/** Decodes one column back to the record's property value. */
export function decodeValue(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'json':
      return JSON.parse(String(value)) as unknown;
    case 'boolean':
      return value === 1 || value === 1n || value === true;
    case 'integer':
    case 'real':
      return typeof value === 'bigint' ? Number(value) : value;
    case 'text':
      return value;
  }
}
