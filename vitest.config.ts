import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // no parse cache in ~/.cache from the tests (test/dsl.parse-cache.test.ts uses its own)
    env: { UFFD_SPEC_CACHE: 'off' },
  },
});
