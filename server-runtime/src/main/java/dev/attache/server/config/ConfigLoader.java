package dev.attache.server.config;

import java.util.List;

/**
 * Turns the files of a watched path into one configuration. It sees every file at once so that
 * rules spanning files (a duplicate domain in two files) can be checked; it throws rather than
 * returning a partial result, so a broken file never replaces a good configuration.
 */
@FunctionalInterface
public interface ConfigLoader<T> {
  T load(List<ConfigFile> files) throws ConfigException;
}
