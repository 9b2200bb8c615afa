/** The {@code attache ratelimit} command. */
package dev.attache.ratelimit.cli;
