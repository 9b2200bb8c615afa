package dev.attache.control.extension;

import java.util.Arrays;
import java.util.Locale;

/** The post-translation hooks an extension subscribes to ({@code hooks.xdsTranslator.post}). */
public enum XdsHook {
  ROUTE("Route"),
  VIRTUAL_HOST("VirtualHost"),
  HTTP_LISTENER("HTTPListener"),
  CLUSTER("Cluster"),
  ENDPOINTS("Endpoints"),
  TRANSLATION("Translation");

  private final String configName;

  XdsHook(String configName) {
    this.configName = configName;
  }

  /** The name in the EnvoyGateway config. */
  public String configName() {
    return configName;
  }

  public static XdsHook parse(String name) {
    return Arrays.stream(values()).filter(h -> h.configName.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("hook: " + name + " (expected: one of "
            + Arrays.stream(values()).map(XdsHook::configName).toList() + ")"));
  }

  @Override
  public String toString() {
    return configName.toLowerCase(Locale.ROOT);
  }
}
