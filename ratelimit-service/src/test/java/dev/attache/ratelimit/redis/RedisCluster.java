package dev.attache.ratelimit.redis;

import dev.attache.server.testing.HostProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Three {@link RedisServer} masters formed into a Redis Cluster with {@code redis-cli --cluster create}. */
public final class RedisCluster implements AutoCloseable {
  private final List<RedisServer> nodes;

  private RedisCluster(List<RedisServer> nodes) {
    this.nodes = nodes;
  }

  public static RedisCluster start() {
    List<RedisServer> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      nodes.add(RedisServer.clusterNode());
    }
    List<String> cmd = new ArrayList<>(List.of(HostProgram.REDIS_CLI.path().toString(), "--cluster", "create"));
    for (RedisServer n : nodes) {
      cmd.add(n.url());
    }
    cmd.add("--cluster-yes");
    String out = RedisServer.run(cmd);
    if (!out.contains("[OK] All 16384 slots covered")) {
      nodes.forEach(RedisServer::close);
      throw new IllegalStateException("redis-cli --cluster create failed: " + out);
    }
    RedisCluster c = new RedisCluster(nodes);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!c.allNodesOk()) {
      if (System.nanoTime() > deadline) {
        c.close();
        throw new IllegalStateException("cluster did not settle");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return c;
  }

  private boolean allNodesOk() {
    return nodes.stream().allMatch(n -> n.cli("CLUSTER", "INFO").contains("cluster_state:ok"));
  }

  public List<RedisServer> nodes() {
    return nodes;
  }

  /** {@code host:port,host:port,host:port}, the form REDIS_URL takes for a cluster. */
  public String url() {
    return String.join(",", nodes.stream().map(RedisServer::url).toList());
  }

  /** The value of {@code key} read with cluster redirects followed. */
  public String get(String key) {
    return RedisServer.run(List.of(HostProgram.REDIS_CLI.path().toString(), "-c", "-h", "127.0.0.1", "-p",
        Integer.toString(nodes.getFirst().port()), "GET", key));
  }

  @Override
  public void close() {
    nodes.forEach(RedisServer::close);
  }
}
