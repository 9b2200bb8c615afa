/** The in-process counter backend (fixed windows and Bucket4j token buckets). */
package dev.attache.ratelimit.memory;
