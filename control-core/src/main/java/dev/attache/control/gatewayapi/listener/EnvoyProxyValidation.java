package dev.attache.control.gatewayapi.listener;

import dev.attache.control.gatewayapi.context.IpAddresses;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.envoygateway.EnvoyProxySpec;
import dev.attache.control.resource.envoygateway.FilterPosition;
import dev.attache.control.resource.envoygateway.KubernetesPatchSpec;
import dev.attache.control.resource.envoygateway.ProxyAccessLogSetting;
import dev.attache.control.resource.envoygateway.ProxyAccessLogSink;
import dev.attache.control.resource.envoygateway.ProxyMetricSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks Envoy Gateway makes on an EnvoyProxy before using it (its
 * {@code validation.ValidateEnvoyProxy}): provider settings, access log and metrics sinks, the
 * cluster stat name pattern and the filter order. Messages are upstream's; several are joined
 * as apimachinery's aggregate error joins them.
 */
public final class EnvoyProxyValidation {
  private static final Pattern STAT_OPERATOR = Pattern.compile("%[^%]*%");
  private static final Set<String> CLUSTER_STAT_OPERATORS = Set.of("%ROUTE_NAME%", "%ROUTE_NAMESPACE%",
      "%ROUTE_KIND%", "%ROUTE_RULE_NAME%", "%ROUTE_RULE_NUMBER%", "%BACKEND_REFS%");

  private EnvoyProxyValidation() {}

  /** What is wrong with the EnvoyProxy, or null when nothing is. */
  public static String validate(EnvoyProxy proxy) {
    EnvoyProxySpec spec = proxy.spec();
    List<String> errs = new ArrayList<>();
    if (spec == null) {
      return null;
    }
    provider(spec, errs);
    telemetry(spec, errs);
    if (spec.filterOrder() != null) {
      String cycle = filterOrderCycle(spec.filterOrder());
      if (cycle != null) {
        errs.add(cycle);
      }
    }
    if (errs.isEmpty()) {
      return ProxyBootstraps.validate(spec.bootstrap());
    }
    return errs.size() == 1 ? errs.getFirst() : "[" + String.join(", ", errs) + "]";
  }

  private static void provider(EnvoyProxySpec spec, List<String> errs) {
    var provider = spec.provider();
    if (provider == null) {
      return;
    }
    String type = provider.type() == null ? "" : provider.type();
    switch (type) {
      case "Kubernetes" -> {
        var k8s = provider.kubernetes();
        if (k8s == null) {
          return;
        }
        if (k8s.envoyDeployment() != null) {
          patch(k8s.envoyDeployment().patch(), "deployment", errs);
        }
        if (k8s.envoyHpa() != null) {
          patch(k8s.envoyHpa().patch(), "hpa", errs);
        }
        if (k8s.envoyPDB() != null) {
          patch(k8s.envoyPDB().patch(), "pdb", errs);
        }
        var svc = k8s.envoyService();
        if (svc != null) {
          String svcType = svc.type();
          if (svcType != null && !svcType.equals("LoadBalancer") && !svcType.equals("ClusterIP")
              && !svcType.equals("NodePort")) {
            errs.add("unsupported envoy service type " + svcType);
          }
          if (svcType != null && svc.allocateLoadBalancerNodePorts() != null && !svcType.equals("LoadBalancer")) {
            errs.add("allocateLoadBalancerNodePorts can only be set for LoadBalancer type");
          }
          if (svcType != null && svc.loadBalancerSourceRanges() != null) {
            if (!svcType.equals("LoadBalancer")) {
              errs.add("loadBalancerSourceRanges can only be set for LoadBalancer type");
            }
            for (String range : svc.loadBalancerSourceRanges()) {
              if (!isCidr(range)) {
                errs.add("loadBalancerSourceRange:" + range + " is an invalid IP subnet");
              }
            }
          }
          if (svcType != null && svc.loadBalancerIP() != null) {
            if (!svcType.equals("LoadBalancer")) {
              errs.add("loadBalancerIP can only be set for LoadBalancer type");
            }
            if (!isIpv4(svc.loadBalancerIP())) {
              errs.add("loadBalancerIP:" + svc.loadBalancerIP() + " is an invalid IP address");
            }
          }
          patch(svc.patch(), "service", errs);
        }
      }
      case "Host" -> {
        if (provider.host() == null) {
          errs.add("field 'host' should be specified when provider type is 'Host'");
        }
      }
      default -> errs.add("unsupported provider type " + type);
    }
  }

  private static void patch(KubernetesPatchSpec patch, String what, List<String> errs) {
    if (patch == null) {
      return;
    }
    if (patch.value() == null || patch.value().isNull()) {
      errs.add("envoy " + what + " patch object cannot be empty");
    }
    if (patch.type() != null && !patch.type().equals("JSONMerge") && !patch.type().equals("StrategicMerge")) {
      errs.add("unsupported envoy " + what + " patch type " + patch.type());
    }
  }

  private static void telemetry(EnvoyProxySpec spec, List<String> errs) {
    var telemetry = spec.telemetry();
    if (telemetry == null) {
      return;
    }
    var accessLog = telemetry.accessLog();
    if (accessLog != null && !Boolean.TRUE.equals(accessLog.disable()) && accessLog.settings() != null) {
      for (ProxyAccessLogSetting setting : accessLog.settings()) {
        if (setting.format() != null && "Text".equals(setting.format().type()) && setting.format().text() == null) {
          errs.add("unable to configure access log when using Text format but \"text\" field being empty");
        }
        if (setting.sinks() != null) {
          for (ProxyAccessLogSink sink : setting.sinks()) {
            if ("File".equals(sink.type()) && sink.file() == null) {
              errs.add("unable to configure access log when using File sink type but \"file\" field being empty");
            } else if ("OpenTelemetry".equals(sink.type()) && sink.openTelemetry() == null) {
              errs.add("unable to configure access log when using OpenTelemetry sink type but "
                  + "\"openTelemetry\" field being empty");
            }
          }
        }
      }
    }
    var metrics = telemetry.metrics();
    if (metrics != null) {
      if (metrics.sinks() != null) {
        for (ProxyMetricSink sink : metrics.sinks()) {
          if ("OpenTelemetry".equals(sink.type()) && sink.openTelemetry() == null) {
            errs.add("opentelemetry is required if the sink type is OpenTelemetry");
          }
        }
      }
      if (metrics.clusterStatName() != null) {
        String err = statNameError(metrics.clusterStatName(), CLUSTER_STAT_OPERATORS);
        if (err != null) {
          errs.add("unable to configure Cluster Stat Name: " + err);
        }
      }
    }
  }

  static String statNameError(String statName, Set<String> supported) {
    Matcher m = STAT_OPERATOR.matcher(statName);
    List<String> unsupported = new ArrayList<>();
    boolean any = false;
    while (m.find()) {
      any = true;
      if (!supported.contains(m.group())) {
        unsupported.add(m.group());
      }
    }
    if (!any && statName.contains("%")) {
      return "unable to configure stat name with invalid operator";
    }
    return unsupported.isEmpty() ? null : "unsupported operators: [" + String.join(" ", unsupported) + "]";
  }

  /** The first edge (in spec order) that closes a cycle in the filter order, as a message. */
  static String filterOrderCycle(List<FilterPosition> order) {
    Map<String, Set<String>> edges = new HashMap<>();
    for (FilterPosition f : order) {
      String from;
      String to;
      if (f.before() != null) {
        from = f.name();
        to = f.before();
      } else if (f.after() != null) {
        from = f.after();
        to = f.name();
      } else {
        continue;
      }
      if (from.equals(to) || reachable(edges, to, from)) {
        return "there is a cycle in the filter order: " + from + " -> " + to;
      }
      edges.computeIfAbsent(from, k -> new HashSet<>()).add(to);
    }
    return null;
  }

  private static boolean reachable(Map<String, Set<String>> edges, String start, String target) {
    List<String> stack = new ArrayList<>(List.of(start));
    Set<String> seen = new HashSet<>();
    while (!stack.isEmpty()) {
      String n = stack.removeLast();
      if (n.equals(target)) {
        return true;
      }
      if (seen.add(n)) {
        stack.addAll(edges.getOrDefault(n, Set.of()));
      }
    }
    return false;
  }

  private static boolean isCidr(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      return false;
    }
    try {
      String ip = text.substring(0, slash);
      int bits = Integer.parseInt(text.substring(slash + 1));
      boolean v6 = ip.contains(":");
      if (!isIpLiteral(ip)) {
        return false;
      }
      return bits >= 0 && bits <= (v6 ? 128 : 32);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static boolean isIpLiteral(String text) {
    return IpAddresses.isIp(text);
  }

  private static boolean isIpv4(String text) {
    if (!isIpLiteral(text)) {
      return false;
    }
    if (!text.contains(":")) {
      return true;
    }
    return text.toLowerCase().startsWith("::ffff:") && isIpLiteral(text.substring(7)) && !text.substring(7).contains(":");
  }
}
