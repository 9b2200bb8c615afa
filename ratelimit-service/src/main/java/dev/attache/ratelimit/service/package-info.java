/** ShouldRateLimit: the answer built from the counts, and the gRPC service around it. */
package dev.attache.ratelimit.service;
