package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/** One data-plane node as observed: its id in Exordos and where its S3 API listens. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodeStatus {
  private @Nullable String id;
  private @Nullable String ip;
  private @Nullable Integer port;

  public NodeStatus() {}

  public NodeStatus(String id, String ip, Integer port) {
    this.id = id;
    this.ip = ip;
    this.port = port;
  }

  public @Nullable String getId() {
    return id;
  }

  public void setId(@Nullable String id) {
    this.id = id;
  }

  public @Nullable String getIp() {
    return ip;
  }

  public void setIp(@Nullable String ip) {
    this.ip = ip;
  }

  public @Nullable Integer getPort() {
    return port;
  }

  public void setPort(@Nullable Integer port) {
    this.port = port;
  }
}
