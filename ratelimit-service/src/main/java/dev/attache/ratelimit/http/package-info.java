/** envoyproxy/ratelimit's HTTP endpoints: /json, /healthcheck, /rlconfig, and its Prometheus listener. */
package dev.attache.ratelimit.http;
