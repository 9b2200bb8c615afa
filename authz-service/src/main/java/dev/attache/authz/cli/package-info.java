/** {@code attache authz}. */
package dev.attache.authz.cli;
