// Lint rules, including which folder may import which (STYLE.md "Boundaries are enforced by tooling"):
//   mock-idp        never imports electron-app or harness
//   electron-app    never imports mock-idp or harness; its core imports no electron, DOM-only or node:* module;
//                   its renderer never imports main
//   harness         may import both
import tseslint from 'typescript-eslint';

const restrict = (...groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', '.scratch/**', 'reports/out/**', 'dist/**', 'electron-app/out/**', '**/*.d.ts'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Late-bound values read by closures before their single assignment (the IdP's URL, better-auth) are fine.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Sandboxed Electron preloads are CommonJS by nature.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['mock-idp/**'],
    rules: restrict(
      [['**/electron-app/**'], 'mock-idp must not depend on the client under test'],
      [['**/harness/**'], 'mock-idp must not depend on the harness'],
    ),
  },
  {
    files: ['electron-app/**'],
    rules: restrict(
      [['**/mock-idp/**'], 'the client talks to the IdP over HTTP only'],
      [['**/harness/**'], 'the client must not depend on the harness'],
    ),
  },
  {
    files: ['electron-app/src/core/**'],
    rules: restrict(
      [['electron', 'electron/*'], 'core is platform-agnostic: inject what it needs'],
      [['node:*'], 'core is platform-agnostic: inject what it needs'],
      [['**/main/**', '**/renderer/**', '**/preload/**'], 'core must not import a process layer'],
      [['**/mock-idp/**', '**/harness/**'], 'the client must not depend on the IdP or harness'],
    ),
  },
  {
    files: ['electron-app/src/renderer/**'],
    rules: restrict(
      [['**/main/**', '**/src/main', '**/preload/**'], 'the renderer reaches main only through the preload bridge'],
      [['node:*', 'electron', 'electron/*'], 'the renderer is sandboxed: no Node or Electron imports'],
      [['**/mock-idp/**', '**/harness/**'], 'the client must not depend on the IdP or harness'],
    ),
  },
);
