/** envoyproxy/ratelimit's stats as Micrometer meters. */
package dev.attache.ratelimit.metrics;
