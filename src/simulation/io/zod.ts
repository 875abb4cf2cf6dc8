import { z } from 'zod';

// zod 4 probes for `new Function` support at first use; under a strict Content-Security-Policy
// that probe is reported as a violation in the console. Jitless mode skips it.
z.config({ jitless: true });

export { z };
