/**
 * Where the shared CMS data and sample files live. Tests that need them FAIL (not skip) when they are missing:
 * CI always has ../shared beside the checkout.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function mustExist(dir: string, what: string): string {
  if (!existsSync(dir)) {
    throw new Error(
      `${what} not found at ${dir}: tests need ../shared beside the checkout (set DRUGCLAIM_SHARED to override).`,
    );
  }
  return dir;
}

export const sharedDir = (): string =>
  mustExist(process.env['DRUGCLAIM_SHARED'] ?? resolve(repoRoot, '..', 'shared'), 'shared/');
export const sharedDataDir = (): string => mustExist(resolve(sharedDir(), 'data'), 'shared/data');
export const samplesDir = (): string => mustExist(resolve(sharedDir(), 'samples'), 'shared/samples');
export const x12SamplesDir = (): string => mustExist(resolve(samplesDir(), 'x12'), 'shared/samples/x12');
export const fhirSamplesDir = (): string => mustExist(resolve(samplesDir(), 'fhir'), 'shared/samples/fhir');
