package dev.attache.control.xds.server;

import java.util.List;

/** What became of a gateway's resources handed to {@link XdsSnapshots#publish}. */
sealed interface PublishResult {
  /** A new snapshot is live; connected Envoys of the gateway are being pushed it. */
  record Published(String gateway, SnapshotVersions versions) implements PublishResult {
  }

  /** The content equals what is live, so nothing was pushed. */
  record Unchanged(String gateway, SnapshotVersions versions) implements PublishResult {
  }

  /** The resources name resources that are not there; the previous snapshot stays live. */
  record Rejected(String gateway, List<String> problems) implements PublishResult {
    public Rejected {
      problems = List.copyOf(problems);
    }
  }
}
