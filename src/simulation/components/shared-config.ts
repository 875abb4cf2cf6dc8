import { z } from '../io/zod.ts';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** An IPv4 address in dotted-quad form, e.g. 10.0.0.2. */
export const ipv4 = z.string().regex(IPV4, { message: 'must be an IPv4 address such as 10.0.0.2' });

/** A TCP or UDP port number. */
export const port = z.number().int().min(1).max(65535);

/** A duration in virtual milliseconds. */
export const milliseconds = z.number().min(0).max(3_600_000);

/** Host names as DNS writes them: letters, digits, hyphens and dots. */
export const hostName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/, {
    message: 'must be a host name such as example.com',
  });
