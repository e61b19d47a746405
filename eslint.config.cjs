'use strict';
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

const depConstraints = [
  // Pure deciders: no Nest, no I/O; only the published vocabulary.
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:testing'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:testing'] },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:domain', 'type:testing'] },
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:domain', 'type:testing'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:service', 'type:domain'] },
  // Apps are thin bootstraps of libs and never import one another.
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:service', 'type:infra', 'type:contracts', 'type:testing'] },
];

/** Tests may assemble several services in one process; production code of a service never imports another. */
const specDepConstraints = depConstraints.map((constraint) =>
  constraint.sourceTag === 'type:service' ? { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:service'] } : constraint,
);

const boundaries = (constraints) => ['error', { allow: [], enforceBuildableLibDependency: false, depConstraints: constraints }];

module.exports = [
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'tmp/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': boundaries(depConstraints),
    },
  },
  { files: ['**/*.spec.ts'], rules: { '@nx/enforce-module-boundaries': boundaries(specDepConstraints) } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly', globalThis: 'readonly' } }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['libs/*-domain/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'pg', 'kafkajs', '@eventstore/*', 'node:*', 'fs', 'net', 'http', 'child_process'], message: 'Domain libs are pure: no Nest, no I/O.' },
            { group: ['@oms/event-store', '@oms/platform', '@oms/read-models'], message: 'Domain libs are pure: no infrastructure.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'Date', message: 'Time is an input of a decider.' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Ids and randomness are inputs of a decider.' }],
    },
  },
];
