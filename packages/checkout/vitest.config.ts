import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        // The component's behaviour, in real Chromium.
        test: {
          name: 'browser',
          include: ['src/**/*.test.ts'],
          // Polled expectations wait for the component, not for a deadline: the first lazy part
          // (after-pay) is transformed on demand by Vite, which took over 1 s (the default) when
          // turbo ran the other packages' suites beside this one on 2 cores.
          expect: { poll: { timeout: 5_000 } },
          exclude: ['src/**/*.node.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: {
                executablePath: '/usr/bin/chromium',
                args: [
                  '--no-sandbox',
                  '--disable-background-networking',
                  '--disable-component-update',
                  '--disable-gpu',
                ],
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        // What a server (SSR, a test runner, a build step) sees when it imports the package.
        // A cold import transforms the whole package first: slow on a loaded CI machine, not wrong.
        test: {
          name: 'node',
          include: ['src/**/*.node.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
    ],
  },
});
