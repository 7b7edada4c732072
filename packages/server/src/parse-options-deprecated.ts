/**
 * `parseOptions` as the package exported it in 0.1: the kit's internal configuration (with key
 * bytes) was never the merchant's to hold. Kept for one minor version, with a warning.
 */
import { type LipwaConfig, type LipwaOptions, parseOptions as parse } from './options.js';

/**
 * @deprecated Since 0.2; removed in 0.3. `createLipwa(options)` parses and checks the options
 * (and throws `ConfigError` with what to fix); nothing else needs the parsed configuration.
 */
export function parseOptions(options: LipwaOptions): LipwaConfig {
  const config = parse(options);
  config.logger.warn(
    { deprecation: 'LIPWA_DEP_PARSE_OPTIONS' },
    'parseOptions() is deprecated and will be removed in 0.3: createLipwa(options) checks the options itself.',
  );
  return config;
}
