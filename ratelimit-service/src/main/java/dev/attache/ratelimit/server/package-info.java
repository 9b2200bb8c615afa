/** Settings from the environment and the wiring of a running ratelimit service. */
package dev.attache.ratelimit.server;
