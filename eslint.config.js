// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';

/** Module boundaries (../shared/STYLE.md, "Import rules"). */
const zones = [
  {
    target: './engine',
    from: ['./api', './dashboard', './cli', './machines'],
    message: 'engine/ knows nothing of api, dashboard, cli or machines.',
  },
  {
    target: './machines',
    from: [
      './api',
      './dashboard',
      './cli',
      './engine/store',
      './engine/transport',
      './engine/commit',
    ],
    message: 'machines/ are pure: xstate and engine/workflow only.',
  },
  {
    target: './api',
    from: [
      './machines',
      './dashboard',
      './cli',
      './engine/store',
      './engine/transport',
      './engine/commit',
      './engine/step',
    ],
    message: 'api/ calls the engine through engine/index.ts only.',
  },
  {
    target: './migrations',
    from: ['./engine', './api', './cli', './machines'],
    message: 'migrations are frozen history.',
  },
  {
    target: './examples',
    from: ['./engine/store', './engine/commit', './engine/step', './api', './cli'],
    message: 'examples use the wire format and engine/worker only.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '**/dist/**',
      '.orq/**',
      'coverage/**',
      'dashboard/**',
      'cli/bin.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
      // Promise actors and handlers are async by contract, whether or not they await.
      '@typescript-eslint/require-await': 'off',
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones }],
    },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
  },
  {
    // The engine owns time: only engine/clock.ts touches the wall clock and real timers.
    files: ['engine/**/*.ts', 'machines/**/*.ts'],
    ignores: ['engine/clock.ts', 'engine/**/*.test.ts', 'engine/testing/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        'setTimeout',
        'setInterval',
        'clearTimeout',
        'clearInterval',
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use the injected Clock.' },
      ],
    },
  },
  {
    files: [
      '**/*.test.ts',
      '**/*.int.test.ts',
      '**/*.e2e.test.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
    ],
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
