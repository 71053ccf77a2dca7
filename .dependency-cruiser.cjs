// The dependency rule of docs/architecture.md, checked by `npm run deps:check` (and so by `npm test` and
// .ci/run). Paths are relative to the folder the check runs in, so the same rules can be tried on a
// fixture tree (test/architecture/dependency-rules.node.mjs).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "engine-imports-no-product",
      comment: "src/engine is what every product shares; it must not know any product. The shell (src/objects, src/worker.ts) registers products' playbooks instead.",
      severity: "error",
      from: { path: "^src/engine/" },
      to: { path: "^src/products/" },
    },
    {
      name: "engine-imports-no-shell",
      comment: "The engine is driven by the shell (Durable Objects, routes, email, queues, dashboard), never the other way round.",
      severity: "error",
      from: { path: "^src/engine/" },
      to: { path: "^src/(objects|routes|email|queues|dash|worker\\.ts)" },
    },
    {
      name: "product-imports-no-other-product",
      comment: "A product builds on the engine and the providers; what two products share belongs in src/engine.",
      severity: "error",
      from: { path: "^src/products/([^/]+)/" },
      to: { path: "^src/products/", pathNot: "^src/products/$1/" },
    },
    {
      name: "domain-imports-no-bindings",
      comment: "src/domain is pure: no Durable Objects, routes or cloudflare:* modules, so it is testable in milliseconds and usable anywhere.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { path: "^(src/(objects|routes)/|cloudflare:)" },
    },
    {
      name: "test-product-uses-engine-apis",
      comment:
        "The test product (test/products/refill) proves a product can be built on the engine alone: apart from its worker entry, which registers it in the shell as any product is, it imports only src/engine.",
      severity: "error",
      from: { path: "^test/products/refill/", pathNot: "^test/products/refill/(worker|[^/]+\\.test)\\.ts$" },
      to: { path: "^src/", pathNot: "^src/engine/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // `import type` counts: a type from a product is still a dependency on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      extensions: [".ts", ".tsx", ".js", ".mjs", ".json"],
    },
  },
};
