/** envoyproxy/ratelimit's YAML configuration: reading and checking files, the specs they become. */
package dev.attache.ratelimit.config;
