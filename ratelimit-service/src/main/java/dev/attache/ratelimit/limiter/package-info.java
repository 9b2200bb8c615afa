/** Counting a request against its limits and turning counts into descriptor statuses; the backend contract. */
package dev.attache.ratelimit.limiter;
