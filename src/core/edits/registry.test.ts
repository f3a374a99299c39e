/**
 * The edit registry against its documentation and its folders: docs/edits.md lists exactly the registered edits
 * (both ways) with the registry's facts; ids are unique kebab-case and equal to their folder; every edit has a
 * table-driven test.ts beside it with at least one passing case (no finding) and one failing case (findings).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { EDITS, EDITS_BY_ID } from './registry.ts';
import type { Edit } from './types.ts';

const editsDir = dirname(fileURLToPath(import.meta.url));
const docPath = join(editsDir, '..', '..', '..', 'docs', 'edits.md');

/** "CO-16 N822 MA130; CO-4" as the doc writes an edit's denials ("—" for none). */
const denialsText = (e: Edit): string =>
  e.denials.length === 0
    ? '—'
    : e.denials.map((d) => [`${d.group}-${d.carc}`, ...d.rarc].join(' ')).join('; ');
const fixesText = (e: Edit): string => (e.fixes.length === 0 ? '—' : e.fixes.join(', '));

interface DocRow {
  id: string;
  anchor: string;
  title: string;
  severity: string;
  scope: string;
  checks: string;
  source: string;
  denials: string;
  fixes: string;
}

/** The rows of the edits table: `| <a id="ID"></a>`ID` | title | severity | scope | checks | source | CARC/RARC | fix |`. */
function docRows(): DocRow[] {
  const rows: DocRow[] = [];
  for (const line of readFileSync(docPath, 'utf8').split('\n')) {
    if (!line.startsWith('| <a id=')) continue;
    const cells = line
      .slice(1, -1)
      .split(' | ')
      .map((c) => c.trim());
    assert.equal(cells.length, 8, `8 cells in: ${line}`);
    const m = /^<a id="([^"]+)"><\/a>`([^`]+)`$/.exec(cells[0] ?? '');
    assert.ok(m, `id cell: ${cells[0] ?? ''}`);
    const [, anchor = '', id = ''] = m;
    const [, title = '', severity = '', scope = '', checks = '', source = '', denials = '', fixes = ''] =
      cells;
    rows.push({
      id,
      anchor,
      title,
      severity,
      scope,
      checks,
      source,
      denials,
      fixes: fixes.replace(/`/g, ''),
    });
  }
  return rows;
}

void describe('edit registry', () => {
  const rows = docRows();

  void it('docs/edits.md and the registry list the same edit ids, both ways', () => {
    const documented = new Set(rows.map((r) => r.id));
    const registered = new Set(EDITS.map((e) => e.id));
    assert.deepEqual(
      [...registered].filter((id) => !documented.has(id)),
      [],
      'registered but not documented',
    );
    assert.deepEqual(
      [...documented].filter((id) => !registered.has(id)),
      [],
      'documented but not registered',
    );
    assert.equal(rows.length, documented.size, 'each edit documented once');
    assert.ok(EDITS.length >= 40, `${EDITS.length} edits`);
  });

  void it('the doc states how many edits the registry holds', () => {
    const stated = /The registry holds (\d+) edits\./.exec(readFileSync(docPath, 'utf8'));
    assert.ok(stated, 'docs/edits.md says "The registry holds N edits."');
    assert.equal(Number(stated[1]), EDITS.length);
  });

  void it('the doc states each edit as the registry does (title, severity, scope, source, CARC/RARC, fixes)', () => {
    for (const r of rows) {
      const e = EDITS_BY_ID.get(r.id);
      assert.ok(e, r.id);
      assert.equal(r.anchor, r.id, `${r.id}: anchor (SARIF helpUri points to docs/edits.md#id)`);
      assert.deepEqual(
        [r.title, r.severity, r.scope, r.source, r.denials, r.fixes],
        [e.title, e.severity, e.scope, e.source, denialsText(e), fixesText(e)],
        r.id,
      );
      assert.ok(r.checks.length > 20, `${r.id}: says what it checks`);
    }
  });

  void it('ids are unique and kebab-case; titles and sources are not empty', () => {
    assert.equal(new Set(EDITS.map((e) => e.id)).size, EDITS.length, 'unique ids');
    assert.equal(EDITS_BY_ID.size, EDITS.length);
    for (const e of EDITS) {
      assert.match(e.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, e.id);
      assert.ok(e.title.trim().length > 0, `${e.id}: title`);
      assert.ok(e.source.trim().length > 10, `${e.id}: source`);
      assert.ok(['error', 'warning', 'info'].includes(e.severity), `${e.id}: severity`);
      for (const d of e.denials)
        assert.match(`${d.group}-${d.carc}`, /^(CO|PR|OA|PI|CR)-[A-Z0-9]{1,3}$/, `${e.id}: denial`);
    }
  });

  void it('each edit lives in src/core/edits/<id>/index.ts, and every edit folder is registered', async () => {
    const folders = readdirSync(editsDir)
      .filter((f) => statSync(join(editsDir, f)).isDirectory())
      .sort();
    assert.deepEqual(folders, EDITS.map((e) => e.id).sort());
    for (const e of EDITS) {
      const mod = (await import(`./${e.id}/index.ts`)) as Record<string, unknown>;
      assert.ok(Object.values(mod).includes(e), `${e.id}/index.ts exports the registered edit`);
    }
  });

  void it('each edit has a table-driven test.ts beside it with a passing and a failing case', () => {
    for (const e of EDITS) {
      const file = join(editsDir, e.id, 'test.ts');
      assert.ok(existsSync(file), `${e.id}/test.ts`);
      const counts = countCases(file);
      assert.equal(counts.editImported, true, `${e.id}/test.ts runs the edit imported from ./index.ts`);
      assert.ok(counts.passing >= 1, `${e.id}/test.ts: a case with no finding (expect: [])`);
      assert.ok(counts.failing >= 1, `${e.id}/test.ts: a case with findings (expect: ['…'])`);
    }
  });
});

/**
 * Reads test.ts as TypeScript: the `runCases(edit, [...])` call whose first argument is imported from ./index.ts,
 * and its case objects whose `expect` is an empty list (passing) or a non-empty list (failing).
 */
function countCases(file: string): { editImported: boolean; passing: number; failing: number } {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const fromIndex = new Set<string>();
  for (const stmt of source.statements) {
    if (
      ts.isImportDeclaration(stmt) &&
      ts.isStringLiteral(stmt.moduleSpecifier) &&
      stmt.moduleSpecifier.text === './index.ts'
    ) {
      const named = stmt.importClause?.namedBindings;
      if (named && ts.isNamedImports(named)) for (const el of named.elements) fromIndex.add(el.name.text);
    }
  }
  let editImported = false;
  let passing = 0;
  let failing = 0;
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'runCases'
    ) {
      const [edit, cases] = node.arguments;
      if (edit && ts.isIdentifier(edit) && fromIndex.has(edit.text)) editImported = true;
      if (cases && ts.isArrayLiteralExpression(cases)) {
        for (const c of cases.elements) {
          if (!ts.isObjectLiteralExpression(c)) continue;
          const expect = c.properties.find(
            (p) => ts.isPropertyAssignment(p) && p.name.getText(source) === 'expect',
          );
          if (!expect || !ts.isPropertyAssignment(expect) || !ts.isArrayLiteralExpression(expect.initializer))
            continue;
          if (expect.initializer.elements.length === 0) passing++;
          else failing++;
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { editImported, passing, failing };
}
