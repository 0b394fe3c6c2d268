package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One data-plane node as observed: its id in Exordos and where its S3 API listens. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodeStatus {
  private String id;
  private String ip;
  private Integer port;

  public NodeStatus() {}

  public NodeStatus(String id, String ip, Integer port) {
    this.id = id;
    this.ip = ip;
    this.port = port;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getIp() {
    return ip;
  }

  public void setIp(String ip) {
    this.ip = ip;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }
}
