/** Descriptor trees built from a configuration, and the lookup that finds a request descriptor's limits. */
package dev.attache.ratelimit.match;
