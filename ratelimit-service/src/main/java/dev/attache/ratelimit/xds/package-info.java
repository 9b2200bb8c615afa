/** The state-of-the-world xDS client that takes RateLimitConfig resources from a control plane. */
package dev.attache.ratelimit.xds;
