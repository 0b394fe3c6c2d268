package io.exordos.s3aas.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.exordos.s3aas.api.v1alpha1.AccessKey;
import io.exordos.s3aas.api.v1alpha1.AccessKeySpec;
import io.exordos.s3aas.api.v1alpha1.Bucket;
import io.exordos.s3aas.api.v1alpha1.BucketSpec;
import io.exordos.s3aas.api.v1alpha1.DeletionPolicy;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.api.v1alpha1.S3InstanceSpec;
import io.exordos.s3aas.api.v1alpha1.S3Policy;
import io.exordos.s3aas.api.v1alpha1.S3PolicySpec;
import io.exordos.s3aas.api.v1alpha1.S3User;
import io.exordos.s3aas.api.v1alpha1.S3UserSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;

/** Builders for the test resources. */
final class Resources {
  private Resources() {}

  static S3Instance instance(String ns, String name, String bucket) {
    S3Instance i = new S3Instance();
    i.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    S3InstanceSpec s = new S3InstanceSpec();
    s.setVersion("0.0.1");
    s.setBucketName(bucket);
    s.setCpu(1);
    s.setRamMb(1024);
    s.setDiskSizeGb(10);
    s.setNodes(1);
    i.setSpec(s);
    return i;
  }

  static Bucket bucket(String ns, String name, String instance, DeletionPolicy policy) {
    Bucket b = new Bucket();
    b.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    BucketSpec s = new BucketSpec();
    s.setInstanceRef(instance);
    s.setDeletionPolicy(policy);
    b.setSpec(s);
    return b;
  }

  static S3Policy policy(String ns, String name, String instance, String bucket) {
    S3Policy p = new S3Policy();
    p.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    S3PolicySpec s = new S3PolicySpec();
    s.setInstanceRef(instance);
    try {
      s.setDocument(
          new ObjectMapper()
              .readTree(
                  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                      + "\"Action\":[\"s3:GetObject\",\"s3:PutObject\",\"s3:ListBucket\"],"
                      + "\"Resource\":[\"arn:aws:s3:::"
                      + bucket
                      + "\",\"arn:aws:s3:::"
                      + bucket
                      + "/*\"]}]}"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    p.setSpec(s);
    return p;
  }

  static S3User user(String ns, String name, String instance, List<String> policies) {
    S3User u = new S3User();
    u.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    S3UserSpec s = new S3UserSpec();
    s.setInstanceRef(instance);
    s.setPolicies(policies);
    u.setSpec(s);
    return u;
  }

  static AccessKey key(String ns, String name, String user) {
    AccessKey k = new AccessKey();
    k.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    AccessKeySpec s = new AccessKeySpec();
    s.setUserRef(user);
    s.setEnabled(true);
    k.setSpec(s);
    return k;
  }
}
