/**
 * Recovery tables, in the shared drugclaim database (migrations applied by ../database.ts, ids "recovery/…").
 *
 * - recovery_files: every imported claims/remittance file, unique by content SHA-256 and kind (the same file twice
 *   as the same kind adds nothing, whatever its name; 009).
 * - recovery_claims: submitted claims (canonical JSON body) with the keys matching uses; unique by a content key so
 *   the same claim in two files is stored once.
 * - recovery_remittances / recovery_remit_claims: 835 headers and their CLP loops (canonical JSON), unique by a
 *   content key; each remittance claim records its match (claim row, method, per-line matches) or why not.
 * - recovery_findings: denials and underpayments (the worklist items) with their status; unique by finding key.
 * - recovery_finding_history: every status change and note.
 * - recovery_remit_claims.reverses (002): a reversal (CLP02 22) points at the remittance claim it reverses.
 * - 003: one worklist item per submitted line + kind + group + CARC. recovery_findings.item_key says which (not
 *   unique: a reversed adjudication's item and its correction's share it); recovery_finding_sources lists every
 *   remittance claim that reported the item (its old finding key), and remit_claim_row is the one the item shows
 *   (the earliest). claim_row/claim_line (a matched line) and recovered_cents (paid by later remittances) serve
 *   the recovered-by-later-payment check. Existing items get their item key when the store is opened
 *   (RecoveryStore.rekeyItems), since SQL alone cannot build it.
 * - 004: corrected claims and reopening. recovery_claims.correction is 'replacement' (837 CLM05-3 7) or 'void' (8);
 *   replaces points at the claim a correction replaces or voids (tied by reconcile, like reversals), with how
 *   (replaces_method) and which of its lines answer which original line (replaces_lines, JSON). On the items,
 *   status_by = 'reconcile' when reconciliation set the current status (a recovered item it closed is reopened
 *   when the payer reverses the payment; one a biller closed is not), and corrected_claim_row names the
 *   corrected claim sent for it. Existing claims get their correction from the frequency code in their body;
 *   existing items closed by reconciliation (reversed, or recovered with its "Closed by reconciliation." note)
 *   get status_by.
 * - 005: recovery_packaged_lines, the bundling adjustments (CO-97 …) on Medicare hospital outpatient lines whose code
 *   OPPS packages (status indicator N): the expected adjudication, so no finding and no worklist item, but kept
 *   (replaced each time their remittance claim is analysed; line_key is the item key they would have had, so a
 *   re-sent 835 counts once). Remittance claims analysed before it get theirs on `remit reconcile --all`.
 * - 006: recovery_finding_history.changed_by, who made a status change by hand: the signed-in user's name (HTTP) or
 *   `cli:<OS user>` (CLI). NULL for the changes drugclaim makes itself while importing or reconciling (the audit log
 *   says who ran that import), and for changes recorded before 006.
 * - 007: recovery_findings.recovered_by_hand_cents, the amount a biller gave when marking an item recovered (what
 *   came in beyond the later payments in recovered_cents). NULL when none was given: the item then counts as before
 *   (its whole recoverable amount when no payment was seen), which is what every item recovered before 007 keeps.
 * - 008: recovery_claims.sent_date, the day the claim was made (837 BHT04, FHIR Claim.created; the stored body leaves
 *   the envelope out), which dates a corrected claim's sending; NULL for claims imported before 008 (the import date
 *   stands in).
 * - 009: recovery_files unique by (sha256, kind), no longer by sha256 alone: one FHIR Bundle can hold Claims and
 *   ExplanationOfBenefits, and is then imported once as claims and once as a remittance. SQLite cannot drop a
 *   column's UNIQUE, so the table is rebuilt with the same ids. With foreign keys on, dropping it orphans the rows of
 *   recovery_claims and recovery_remittances; deferred, those count as violations until the same ids are back in
 *   the new table, and the commit fails if any is missing (PRAGMA foreign_keys cannot change inside the migration's
 *   transaction, and renaming a table would rewrite the children's REFERENCES to the old name).
 * - 010: recovery_revision, one row whose n every update and delete of recovery_files, recovery_claims,
 *   recovery_remittances and recovery_remit_claims adds 1 to (a trigger each, so whoever writes: this code, another
 *   process, sqlite3 by hand). Inserts have no trigger: each raises its table's MAX(id), which the reader takes with n
 *   (an insert trigger cost a quarter more import time, as SQLite then journals every insert statement apart; the
 *   store's updates and deletes of these tables are journalled so for their foreign keys anyway). A paced reconcile
 *   compares the two before and inside its write transaction (RecoveryStore.reconcilePaced). A later migration that
 *   rebuilds one of these tables drops its triggers and must create them again (./revision.test.ts checks every
 *   table and write).
 * - 011: recovery_findings.recovered_from, which later payments recovered_cents counts, as the letters name them:
 *   "$6,000.00 on the remittance of 2026-04-15, check/EFT 12345, payer claim …" (the text reconcile writes in the
 *   history note), written with recovered_cents by reconcile. NULL when nothing was paid since, and on items
 *   reconciled before 011 until a reconcile looks at their line again (`remit reconcile --all` looks at every one).
 * - 012: recovery_unreconciled_files, the stored files whose reconcile has not finished yet. An import stores a file in
 *   one transaction and reconciles in a later one (the server's reconcile is paced, so that it keeps answering), and a
 *   process killed between the two (SIGKILL, out of memory, power lost) left the file without its findings, with
 *   nothing to say so. The import writes the file's row here in the file's own transaction (when it added rows); the
 *   transaction a reconcile files its findings in empties the table, as that reconcile read every file committed
 *   before it (RecoveryStore.reconcile). No revision trigger: it is no input of a reconcile. Stores made before 012
 *   get a row for each file with a remittance claim never analysed (a claims file left so cannot be told).
 *
 * Portable SQL (TEXT/INTEGER, no SQLite-only syntax beyond AUTOINCREMENT-free INTEGER PRIMARY KEY), but for 010's
 * triggers (PostgreSQL would run a trigger function).
 */
import type { Migration } from '../database.ts';

export const RECOVERY_MIGRATIONS: readonly Migration[] = [
  {
    id: 'recovery/001-tables',
    sql: `
CREATE TABLE IF NOT EXISTS recovery_files (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL UNIQUE,
  format TEXT,
  imported_at TEXT NOT NULL,
  items INTEGER NOT NULL DEFAULT 0,
  added INTEGER NOT NULL DEFAULT 0,
  problems INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS recovery_claims (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES recovery_files(id),
  claim_key TEXT NOT NULL UNIQUE,
  claim_id TEXT NOT NULL,
  payer_claim_control_number TEXT,
  payer_name TEXT,
  payer_id TEXT,
  payer_kind TEXT,
  total_charge_cents INTEGER NOT NULL,
  service_from TEXT,
  line_count INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS recovery_claims_claim_id ON recovery_claims(claim_id);
CREATE INDEX IF NOT EXISTS recovery_claims_pccn ON recovery_claims(payer_claim_control_number);
CREATE TABLE IF NOT EXISTS recovery_remittances (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES recovery_files(id),
  payer_name TEXT,
  payer_id TEXT,
  payment_cents INTEGER,
  payment_date TEXT,
  trace_number TEXT,
  header TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS recovery_remit_claims (
  id INTEGER PRIMARY KEY,
  remittance_id INTEGER NOT NULL REFERENCES recovery_remittances(id),
  remit_key TEXT NOT NULL UNIQUE,
  patient_control_number TEXT NOT NULL,
  payer_claim_control_number TEXT,
  status TEXT NOT NULL,
  charge_cents INTEGER NOT NULL,
  paid_cents INTEGER NOT NULL,
  line_count INTEGER NOT NULL,
  body TEXT NOT NULL,
  claim_row INTEGER REFERENCES recovery_claims(id),
  match_method TEXT,
  match_reason TEXT,
  line_matches TEXT,
  analyzed_at TEXT
);
CREATE INDEX IF NOT EXISTS recovery_remit_claims_pcn ON recovery_remit_claims(patient_control_number);
CREATE INDEX IF NOT EXISTS recovery_remit_claims_claim ON recovery_remit_claims(claim_row);
CREATE TABLE IF NOT EXISTS recovery_findings (
  id INTEGER PRIMARY KEY,
  finding_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  remit_claim_row INTEGER NOT NULL REFERENCES recovery_remit_claims(id),
  claim_id TEXT NOT NULL,
  line INTEGER,
  code TEXT NOT NULL,
  payer_name TEXT NOT NULL,
  payer_id TEXT,
  payer_kind TEXT NOT NULL,
  group_code TEXT,
  carc TEXT,
  rarc TEXT,
  root_cause TEXT NOT NULL,
  action TEXT NOT NULL,
  amount_cents INTEGER NOT NULL,
  recoverable_cents INTEGER NOT NULL,
  paid_cents INTEGER NOT NULL,
  expected_cents INTEGER,
  service_date TEXT,
  remit_date TEXT,
  deadline TEXT,
  status TEXT NOT NULL,
  status_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS recovery_findings_status ON recovery_findings(status);
CREATE INDEX IF NOT EXISTS recovery_findings_claim ON recovery_findings(claim_id, line);
CREATE INDEX IF NOT EXISTS recovery_findings_remit ON recovery_findings(remit_claim_row);
CREATE TABLE IF NOT EXISTS recovery_finding_history (
  id INTEGER PRIMARY KEY,
  finding_id INTEGER NOT NULL REFERENCES recovery_findings(id),
  from_status TEXT,
  to_status TEXT NOT NULL,
  at TEXT NOT NULL,
  note TEXT
);
CREATE INDEX IF NOT EXISTS recovery_finding_history_finding ON recovery_finding_history(finding_id);
`,
  },
  {
    id: 'recovery/002-reversals',
    sql: `
ALTER TABLE recovery_remit_claims ADD COLUMN reverses INTEGER REFERENCES recovery_remit_claims(id);
CREATE INDEX IF NOT EXISTS recovery_remit_claims_reverses ON recovery_remit_claims(reverses);
`,
  },
  {
    id: 'recovery/003-items-per-line',
    sql: `
ALTER TABLE recovery_findings ADD COLUMN item_key TEXT;
ALTER TABLE recovery_findings ADD COLUMN claim_row INTEGER REFERENCES recovery_claims(id);
ALTER TABLE recovery_findings ADD COLUMN claim_line INTEGER;
ALTER TABLE recovery_findings ADD COLUMN recovered_cents INTEGER NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS recovery_findings_item ON recovery_findings(item_key);
CREATE INDEX IF NOT EXISTS recovery_findings_claim_line ON recovery_findings(claim_row, claim_line);
CREATE TABLE IF NOT EXISTS recovery_finding_sources (
  id INTEGER PRIMARY KEY,
  finding_id INTEGER NOT NULL REFERENCES recovery_findings(id),
  remit_claim_row INTEGER NOT NULL REFERENCES recovery_remit_claims(id),
  source_key TEXT NOT NULL UNIQUE,
  remit_date TEXT,
  added_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS recovery_finding_sources_finding ON recovery_finding_sources(finding_id);
CREATE INDEX IF NOT EXISTS recovery_finding_sources_remit ON recovery_finding_sources(remit_claim_row);
INSERT INTO recovery_finding_sources (finding_id, remit_claim_row, source_key, remit_date, added_at)
  SELECT id, remit_claim_row, finding_key, remit_date, created_at FROM recovery_findings;
`,
  },
  {
    id: 'recovery/004-corrections-reopening',
    sql: `
ALTER TABLE recovery_claims ADD COLUMN correction TEXT;
ALTER TABLE recovery_claims ADD COLUMN replaces INTEGER REFERENCES recovery_claims(id);
ALTER TABLE recovery_claims ADD COLUMN replaces_method TEXT;
ALTER TABLE recovery_claims ADD COLUMN replaces_lines TEXT;
CREATE INDEX IF NOT EXISTS recovery_claims_replaces ON recovery_claims(replaces);
CREATE INDEX IF NOT EXISTS recovery_claims_correction ON recovery_claims(correction);
CREATE INDEX IF NOT EXISTS recovery_remit_claims_pccn ON recovery_remit_claims(payer_claim_control_number);
UPDATE recovery_claims SET correction = 'replacement' WHERE body LIKE '%"frequencyCode":"7"%';
UPDATE recovery_claims SET correction = 'void' WHERE body LIKE '%"frequencyCode":"8"%';
ALTER TABLE recovery_findings ADD COLUMN status_by TEXT;
ALTER TABLE recovery_findings ADD COLUMN corrected_claim_row INTEGER REFERENCES recovery_claims(id);
UPDATE recovery_findings SET status_by = 'reconcile' WHERE status = 'reversed'
  OR (status = 'recovered' AND (SELECT h.note FROM recovery_finding_history h WHERE h.finding_id = recovery_findings.id
    AND h.to_status = 'recovered' AND (h.from_status IS NULL OR h.from_status <> 'recovered')
    ORDER BY h.id DESC LIMIT 1) LIKE '%Closed by reconciliation.');
`,
  },
  {
    id: 'recovery/005-packaged-lines',
    sql: `
CREATE TABLE IF NOT EXISTS recovery_packaged_lines (
  id INTEGER PRIMARY KEY,
  remit_claim_row INTEGER NOT NULL REFERENCES recovery_remit_claims(id),
  packaged_key TEXT NOT NULL,
  line_key TEXT NOT NULL,
  claim_id TEXT NOT NULL,
  line INTEGER,
  code TEXT NOT NULL,
  payer_name TEXT NOT NULL,
  payer_id TEXT,
  group_code TEXT NOT NULL,
  carc TEXT NOT NULL,
  status_indicator TEXT NOT NULL,
  amount_cents INTEGER NOT NULL,
  service_date TEXT,
  remit_date TEXT,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS recovery_packaged_lines_remit ON recovery_packaged_lines(remit_claim_row);
CREATE INDEX IF NOT EXISTS recovery_packaged_lines_key ON recovery_packaged_lines(line_key);
`,
  },
  {
    id: 'recovery/006-history-changed-by',
    sql: `
ALTER TABLE recovery_finding_history ADD COLUMN changed_by TEXT;
`,
  },
  {
    id: 'recovery/007-recovered-by-hand',
    sql: `
ALTER TABLE recovery_findings ADD COLUMN recovered_by_hand_cents INTEGER;
`,
  },
  {
    id: 'recovery/008-claim-sent-date',
    sql: `
ALTER TABLE recovery_claims ADD COLUMN sent_date TEXT;
`,
  },
  {
    id: 'recovery/009-files-unique-by-kind',
    // The children's file_id indexes first: with foreign keys on, dropping and refilling recovery_files checks both
    // child tables once per file row (35 s for 2,000 files of 300,000 rows without them, 0.02 s with).
    sql: `
CREATE INDEX IF NOT EXISTS recovery_claims_file ON recovery_claims(file_id);
CREATE INDEX IF NOT EXISTS recovery_remittances_file ON recovery_remittances(file_id);
PRAGMA defer_foreign_keys = ON;
CREATE TABLE recovery_files_008 AS SELECT * FROM recovery_files;
DROP TABLE recovery_files;
CREATE TABLE recovery_files (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  format TEXT,
  imported_at TEXT NOT NULL,
  items INTEGER NOT NULL DEFAULT 0,
  added INTEGER NOT NULL DEFAULT 0,
  problems INTEGER NOT NULL DEFAULT 0,
  UNIQUE (sha256, kind)
);
INSERT INTO recovery_files (id, kind, name, sha256, format, imported_at, items, added, problems)
  SELECT id, kind, name, sha256, format, imported_at, items, added, problems FROM recovery_files_008;
DROP TABLE recovery_files_008;
`,
  },
  {
    id: 'recovery/010-input-revision',
    sql: `
CREATE TABLE IF NOT EXISTS recovery_revision (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n INTEGER NOT NULL
);
INSERT INTO recovery_revision (id, n) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
CREATE TRIGGER IF NOT EXISTS recovery_files_revision_update AFTER UPDATE ON recovery_files
BEGIN UPDATE recovery_revision SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS recovery_files_revision_delete AFTER DELETE ON recovery_files
BEGIN UPDATE recovery_revision SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS recovery_claims_revision_update AFTER UPDATE ON recovery_claims
BEGIN UPDATE recovery_revision SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS recovery_claims_revision_delete AFTER DELETE ON recovery_claims
BEGIN UPDATE recovery_revision SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS recovery_remittances_revision_update AFTER UPDATE ON recovery_remittances
BEGIN UPDATE recovery_revision SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS recovery_remittances_revision_delete AFTER DELETE ON recovery_remittances
BEGIN UPDATE recovery_revision SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS recovery_remit_claims_revision_update AFTER UPDATE ON recovery_remit_claims
BEGIN UPDATE recovery_revision SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS recovery_remit_claims_revision_delete AFTER DELETE ON recovery_remit_claims
BEGIN UPDATE recovery_revision SET n = n + 1 WHERE id = 1; END;
`,
  },
  {
    id: 'recovery/011-recovered-from',
    sql: `
ALTER TABLE recovery_findings ADD COLUMN recovered_from TEXT;
`,
  },
  {
    id: 'recovery/012-unreconciled-files',
    sql: `
CREATE TABLE IF NOT EXISTS recovery_unreconciled_files (
  file_id INTEGER PRIMARY KEY REFERENCES recovery_files(id)
);
INSERT INTO recovery_unreconciled_files (file_id)
  SELECT DISTINCT r.file_id FROM recovery_remit_claims rc JOIN recovery_remittances r ON r.id = rc.remittance_id
  WHERE rc.analyzed_at IS NULL;
`,
  },
];
