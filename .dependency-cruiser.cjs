/**
 * Layering rules (README "Layout"): the domain is pure, the bot layer stays thin.
 * `npm test` runs this before the tests, so a forbidden import fails CI.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'src/domain imports nothing but itself: no I/O, no framework, no Node built-ins. One exception: luxon, for the business calendar\'s time-zone math (pure, no I/O; the issue asks for a maintained library over hand-written offsets).',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', '^node_modules/luxon/'] },
    },
    {
      name: 'app-uses-ports-not-adapters',
      comment: 'use cases depend on domain ports, never on MongoDB, botbuilder or restify.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: ['^src/(infra|bot|views)/', 'node_modules/(mongodb|botbuilder|restify)'] },
    },
    {
      name: 'bot-does-not-touch-storage',
      comment: 'the bot layer calls use cases; it never reaches MongoDB directly.',
      severity: 'error',
      from: { path: '^src/bot/' },
      to: { path: ['^src/infra/', 'node_modules/mongodb'] },
    },
    {
      name: 'views-are-pure',
      comment: 'views only build card data from domain values.',
      severity: 'error',
      from: { path: '^src/views/' },
      to: { path: ['^src/(infra|bot|app)/', 'node_modules/(mongodb|botbuilder|restify)'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
