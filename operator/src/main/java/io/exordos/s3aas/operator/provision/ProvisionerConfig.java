package io.exordos.s3aas.operator.provision;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where instances' nodes come from, checked when it is made: every field a provisioner needs is
 * there, so a missing one is an error naming it at start-up, not at the first instance.
 */
public sealed interface ProvisionerConfig {

  /**
   * Nodes as local processes on 127.0.0.1 ({@code s3aas up}, {@code make run}).
   *
   * @param stateDir where the nodes keep their data, ports and configs
   * @param nodes what runs behind each node
   */
  record Local(Path stateDir, LocalNodes nodes) implements ProvisionerConfig {
    @Override
    public String name() {
      return "local";
    }
  }

  /**
   * Node sets through Exordos Core's API.
   *
   * @param url Exordos Core user API, e.g. {@code http://10.20.0.2/api/core}
   * @param project project UUID the node sets live in (null: the user's default project)
   */
  record Exordos(String url, String user, String password, @Nullable String project)
      implements ProvisionerConfig {
    public Exordos {
      required(url, "--exordos-url");
      required(user, "--exordos-user");
      required(password, "--exordos-password");
    }

    /** From options that may be missing: the first one missing is the error. */
    public static Exordos of(
        @Nullable String url,
        @Nullable String user,
        @Nullable String password,
        @Nullable String project) {
      return new Exordos(
          required(url, "--exordos-url"),
          required(user, "--exordos-user"),
          required(password, "--exordos-password"),
          project);
    }

    @Override
    public String name() {
      return "exordos";
    }

    /** The password never shows in logs. */
    @Override
    public String toString() {
      return "Exordos[" + url + ", user=" + user + ", project=" + project + "]";
    }
  }

  /** The provisioner's name, for logs and status messages. */
  String name();

  private static String required(@Nullable String value, String option) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("the exordos provisioner needs " + option);
    }
    return value;
  }
}
