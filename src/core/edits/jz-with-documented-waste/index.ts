/**
 * JZ on a line that documents a discarded amount of a whole billing unit or more (a note "DOSE 415MG WASTE 85MG",
 * a claim CSV/JSON `discarded` amount, a FHIR discarded-dose extension). JZ attests that none of the drug was
 * discarded; a discarded amount of at least one billing unit is billed on its own line with JW. So JZ is a false
 * attestation and the discarded units go unbilled. Less than one billing unit discarded is not billable waste, and
 * JZ stays right.
 * Applies to single-dose containers and to containers drugclaim does not know (JZ itself says single-dose); JZ on a
 * multiple-dose or OPPS-packaged drug is jw-jz-not-applicable's finding, JZ next to a JW line jz-with-jw-line's.
 * Fix, when the line bills the dose plus the waste (its units = administered + discarded units): remove JZ and split
 * the discarded units off onto a JW line. When it bills only the dose, the JW line needs a charge of its own: the
 * message says what to add, and there is no mechanical fix.
 * @see CMS "Discarded Drugs and Biologicals – JW Modifier and JZ Modifier Policy" FAQ (JZ: no amount discarded;
 *   JW: the discarded amount, on a separate line; amounts under one billing unit are not reported with JW)
 */
import { administeredText, discardedText, dosingUnits } from '../documented-dose.ts';
import { hasJw, isPackagedOpps, jwJzScope } from '../jw-jz.ts';
import { DENIALS, someSameCodeAndDate, SOURCES } from '../support.ts';
import type { ClaimEdit, LineView } from '../types.ts';

export const jzWithDocumentedWaste: ClaimEdit = {
  id: 'jz-with-documented-waste',
  title: 'JZ on a line that documents discarded drug',
  severity: 'error',
  scope: 'claim',
  needs: ['reference', 'rules', 'dosing', 'containers'],
  source: SOURCES.jwJz,
  denials: [DENIALS.invalidModifier],
  fixes: ['remove-modifier', 'split-line'],
  check({ env, claim, report }) {
    const lines = claim.lines;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as LineView;
      if (!line.jz || line.jw || line.dos === null) continue;
      const dose = line.line.dose;
      if (dose === undefined) continue;
      const waste = discardedText(dose);
      if (waste === undefined) continue;
      const scope = jwJzScope(claim, line);
      if (scope === null || isPackagedOpps(claim, line, env.facts)) continue;
      if (someSameCodeAndDate(claim, line, hasJw)) continue;
      const container = env.containers.lookup(line.code, line.ndc11, line.dos);
      if (container.type === 'multi-dose') continue;
      const patient = claim.claim.patient;
      const seq = line.line.sequence;
      const w = dosingUnits(env.dosing, line.code, line.dos, waste, 'discarded', patient);
      if (!w.ok) {
        report({
          line,
          severity: 'info',
          denial: null,
          field: 'documented dose',
          message: `Line ${seq} bills ${line.code} with JZ (nothing discarded) but documents "${waste}" discarded, which could not be turned into units: ${w.message}. If it is a whole billing unit or more, JZ is wrong and the discarded units go on a JW line.`,
          why: 'JZ attests that none of the drug was discarded; a discarded amount of one billing unit or more is billed on its own line with JW.',
        });
        continue;
      }
      const discarded = w.value.units;
      if (discarded < 1) continue;
      const billed = line.line.units;
      // The line bills the dose plus the waste: the split machinery moves the waste to a JW line.
      const doseText = administeredText(dose);
      const a =
        doseText === undefined
          ? undefined
          : dosingUnits(env.dosing, line.code, line.dos, doseText, 'administered', patient);
      const administered = a?.ok === true ? a.value.units : undefined;
      const split = administered !== undefined && administered >= 1 && administered + discarded === billed;
      report({
        line,
        severity: scope.severity,
        field: 'modifiers',
        message: split
          ? `Line ${seq} bills ${billed} unit(s) of ${line.code} with JZ (nothing discarded), but documents ${waste} discarded = ${discarded} unit(s): ${administered} unit(s) are the dose "${doseText ?? ''}" and ${discarded} the waste. Remove JZ and bill the ${discarded} discarded unit(s) on a ${line.code}-JW line.`
          : `Line ${seq} bills ${line.code} with JZ (nothing discarded), but documents ${waste} discarded = ${discarded} unit(s) of ${line.code}. Remove JZ and add a ${line.code}-JW line for the ${discarded} discarded unit(s), with its own charge.`,
        why: `JZ attests that none of the drug was discarded; the discarded amount of a single-dose container, one billing unit or more, is billed on its own line with JW (${w.value.explanation}). A line whose JZ contradicts its own documentation is a false attestation and is returned or recouped.${container.type === 'unknown' ? ` Container: ${container.reason}.` : ''}`,
        source: scope.program.source,
        ...(split && administered !== undefined
          ? {
              fix: {
                description: `Remove JZ from line ${seq} and split it: keep ${administered} unit(s) and add a ${line.code}-JW line with ${discarded} unit(s) (charge split pro rata).`,
                actions: [
                  {
                    kind: 'remove-modifier' as const,
                    claimIndex: claim.index,
                    line: seq,
                    modifier: 'JZ',
                  },
                  {
                    kind: 'split-line' as const,
                    claimIndex: claim.index,
                    line: seq,
                    keepUnits: administered,
                    newUnits: discarded,
                    addModifiers: ['JW'],
                  },
                ],
              },
            }
          : {}),
        data: { code: line.code, billed, discardedUnits: discarded, administeredUnits: administered ?? null },
      });
    }
  },
};
