// One Jest project per Nx project (apps/* and libs/*), so `nx run <project>:test` runs
// `jest --selectProjects <project>` and a plain `npx jest` runs everything.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const swcOptions = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcOptions.$schema;

const projectDirs = ['apps', 'libs'].flatMap((group) =>
  fs.existsSync(path.join(__dirname, group))
    ? fs
        .readdirSync(path.join(__dirname, group), { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(__dirname, group, entry.name, 'project.json')))
        .map((entry) => path.join(group, entry.name))
    : [],
);

module.exports = {
  globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.cjs',
  globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.cjs',
  projects: projectDirs.map((dir) => ({
    displayName: require(path.join(__dirname, dir, 'project.json')).name,
    rootDir: path.join(__dirname, dir),
    testEnvironment: 'node',
    testMatch: ['<rootDir>/**/*.spec.ts'],
    transform: {
      '^.+\\.ts$': ['@swc/jest', { ...swcOptions, swcrc: false }],
      // ESM-only dependencies (Nest 12, uuid) become CommonJS for Jest on Node 20.
      '^.+\\.m?js$': ['@swc/jest', { swcrc: false, jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
    },
    transformIgnorePatterns: ['/node_modules/(?!(@nestjs|uuid|file-type|strtok3|token-types|uint8array-extras|@tokenizer)/)'],
    moduleNameMapper: { '^@oms/([a-z0-9-]+)$': path.join(__dirname, 'libs/$1/src/index.ts') },
    setupFiles: ['reflect-metadata'],
  })),
};
