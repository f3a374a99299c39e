// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // AssemblyScript (compiled to WebAssembly by asc, not by tsc): its own types and built-ins.
    ignores: ['node_modules/', 'web/dist/', 'dist/', 'test-output/', 'bench-output/', '**/*.as.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // node:test's describe/it/test return promises that the runner awaits itself.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The domain core is pure: no I/O, no adapters. Reference data comes in through ports (interfaces).
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts', 'src/core/**/test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'path',
                'os',
                'child_process',
                'http',
                'https',
                'net',
                'crypto',
                'stream',
              ],
              message: 'src/core is pure: no Node I/O modules.',
            },
            {
              group: [
                '**/adapters/**',
                'fastify',
                'fastify/*',
                '@fastify/*',
                'commander',
                'pdfkit',
                'csv-parse',
                'csv-parse/*',
              ],
              message: 'src/core must not import adapters or I/O libraries.',
            },
          ],
        },
      ],
    },
  },
);
