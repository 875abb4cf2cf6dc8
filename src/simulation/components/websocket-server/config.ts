import { z } from '../../io/zod.ts';
import { ipv4, milliseconds, port } from '../shared-config.ts';

export const websocketServerConfigSchema = z.strictObject({
  address: ipv4.default('10.0.0.7').describe("The machine's IP address"),
  port: port.default(8765).describe('The port it listens on'),
  echoPrefix: z.string().max(200).default('echo: ').describe('What the server puts before each text message it sends back'),
  pingIntervalMs: milliseconds
    .default(20_000)
    .describe("How often it pings an open connection to see that the other end is still there (the websockets library's ping_interval, 20 s); 0 never pings"),
});

export type WebSocketServerConfig = z.infer<typeof websocketServerConfigSchema>;
