// Jest 29 cannot load ES modules from node_modules (jose 6, cookie 2, ...), which Node 20 itself
// loads fine. This turns those few packages, and dynamic import() calls, into CommonJS for jest only.
const ts = require('typescript');
const { createHash } = require('node:crypto');

module.exports = {
  process(source, filename) {
    const { outputText } = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, allowJs: true, esModuleInterop: true },
    });
    return { code: outputText };
  },
  getCacheKey(source, filename) {
    return createHash('sha1').update(`esm-transformer-v1\0${filename}\0${source}`).digest('hex');
  },
};
