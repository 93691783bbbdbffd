// @ts-check
/**
 * Lint for the dashboard's TypeScript (the root config ignores dashboard/**): the same type-checked
 * rules as the rest of the project, async safety first. Svelte markup is checked by svelte-check.
 * Run: `npx eslint -c dashboard/eslint.config.js dashboard` (globs start with ** so that they
 * match whatever directory eslint is run from).
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Config files are type-checked by tsc -p dashboard/tests; markup by svelte-check.
    ignores: ['**/dist/**', '**/screenshots/**', '**/*.svelte', '**/*.config.{js,ts}'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'The dashboard runs in the browser.' },
            {
              group: ['**/engine/**', '**/api/**'],
              allowTypeImports: true,
              message: 'Only `import type` from engine/ and api/: nothing of theirs at runtime.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/tests/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.test.ts', '**/*.e2e.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']",
          message: 'No focused tests.',
        },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
