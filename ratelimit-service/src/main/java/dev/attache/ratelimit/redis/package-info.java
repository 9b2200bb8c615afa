/** The Redis counter backend (single, Sentinel, Cluster), writing envoyproxy/ratelimit's keys. */
package dev.attache.ratelimit.redis;
