// Transpiles apps/ and libs/ to dist/ with SWC (type-free, decorator metadata on, `@oms/*`
// aliases rewritten to relative paths), so processes start from plain JavaScript in ~1 s.
// Type checking is a separate step (`tsc --noEmit`, run by `npm run build` and `npm run lint`).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '../..');
const outDir = path.join(root, 'dist');
const sourceRoots = ['apps', 'libs'];

function sourceFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !/\.(spec|fixtures|d)\.ts$/.test(entry.name) ? [full] : [];
  });
}

function swcOptions(file) {
  const rc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
  delete rc.$schema;
  return {
    ...rc,
    swcrc: false,
    filename: file,
    sourceFileName: path.relative(path.dirname(path.join(outDir, path.relative(root, file))), file),
    jsc: { ...rc.jsc, baseUrl: root, paths: { '@oms/*': ['libs/*/src/index.ts'] } },
  };
}

async function compile() {
  const files = sourceRoots.flatMap((dir) => sourceFiles(path.join(root, dir)));
  await Promise.all(
    files.map(async (file) => {
      const target = path.join(outDir, path.relative(root, file)).replace(/\.ts$/, '.js');
      const { code, map } = await swc.transformFile(file, swcOptions(file));
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.writeFile(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
      if (map) await fs.promises.writeFile(`${target}.map`, map);
    }),
  );
  return files.length;
}

module.exports = { compile };

if (require.main === module) {
  const started = Date.now();
  compile().then(
    (count) => console.log(`compiled ${count} files to dist/ in ${Date.now() - started} ms`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
