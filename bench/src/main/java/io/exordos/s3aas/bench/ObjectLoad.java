package io.exordos.s3aas.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes objects {@code from..to-1} through the resource API (plain HTTP), spread over the five
 * kinds the way a platform uses them: one S3Instance per 100 objects, and the rest in equal parts
 * Buckets, S3Policies, S3Users, AccessKeys and the keys' Secrets, each with a realistic spec. The
 * same index always makes the same object, so a second run with a higher {@code from} adds to the
 * first.
 *
 * <p>Usage: {@code java -cp ... ObjectLoad URL TOKEN FROM TO [threads] [buckets]}; with {@code
 * buckets}, every object is a Bucket (for the list benchmark: one kind of N objects).
 */
public final class ObjectLoad {
  private static final String GROUP = "/apis/s3aas.exordos.io/v1alpha1/namespaces/default/";
  private static final String API = "s3aas.exordos.io/v1alpha1";

  private ObjectLoad() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String token = args[1];
    long from = Long.parseLong(args[2]);
    long to = Long.parseLong(args[3]);
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : 8;
    boolean bucketsOnly = args.length > 5 && args[5].equals("buckets");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    AtomicLong next = new AtomicLong(from);
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      Thread w =
          new Thread(
              () -> {
                for (long i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                  String[] pathAndBody = bucketsOnly ? bucket(i, "inst-0") : object(i);
                  try {
                    HttpResponse<String> r =
                        http.send(
                            HttpRequest.newBuilder(URI.create(url + pathAndBody[0]))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(pathAndBody[1]))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 201 && r.statusCode() != 409) {
                      throw new IllegalStateException(
                          pathAndBody[0] + " answered " + r.statusCode() + ": " + r.body());
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }
              });
      w.start();
      workers.add(w);
    }
    for (Thread w : workers) {
      w.join();
    }
    double s = (System.nanoTime() - start) / 1e9;
    System.out.printf("wrote objects %d..%d in %.1f s (%.0f /s)%n", from, to, s, (to - from) / s);
  }

  /** The path to POST to and the body of object {@code i}. */
  static String[] object(long i) {
    if (i % 100 == 0) {
      return new String[] {
        GROUP + "s3instances",
        "{\"apiVersion\":\"%s\",\"kind\":\"S3Instance\",\"metadata\":{\"name\":\"inst-%d\",\"labels\":{\"team\":\"t%d\"}},\"spec\":{\"version\":\"0.0.1\",\"bucketName\":\"default-%d\",\"encryption\":\"aes256\",\"versioning\":true}}"
            .formatted(API, i / 100, i % 7, i / 100)
      };
    }
    String inst = "inst-" + (i / 100);
    long unit = i / 5;
    return switch ((int) (i % 5)) {
      case 0 -> bucket(unit, inst);
      case 1 ->
          new String[] {
            GROUP + "s3policies",
            "{\"apiVersion\":\"%s\",\"kind\":\"S3Policy\",\"metadata\":{\"name\":\"policy-%d\"},\"spec\":{\"instanceRef\":\"%s\",\"document\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\",\"s3:DeleteObject\",\"s3:ListBucket\"],\"Resource\":[\"arn:aws:s3:::bucket-%d\",\"arn:aws:s3:::bucket-%d/*\"]}]}}}"
                .formatted(API, unit, inst, unit, unit)
          };
      case 2 ->
          new String[] {
            GROUP + "s3users",
            "{\"apiVersion\":\"%s\",\"kind\":\"S3User\",\"metadata\":{\"name\":\"user-%d\"},\"spec\":{\"instanceRef\":\"%s\",\"policies\":[\"policy-%d\"]}}"
                .formatted(API, unit, inst, unit)
          };
      case 3 ->
          new String[] {
            GROUP + "accesskeys",
            "{\"apiVersion\":\"%s\",\"kind\":\"AccessKey\",\"metadata\":{\"name\":\"key-%d\"},\"spec\":{\"userRef\":\"user-%d\"}}"
                .formatted(API, unit, unit)
          };
      default ->
          new String[] {
            "/api/v1/namespaces/default/secrets",
            "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"key-%d-credentials\",\"labels\":{\"app.kubernetes.io/managed-by\":\"bench\"}},\"type\":\"Opaque\",\"data\":{\"accessKeyId\":\"%s\",\"secretAccessKey\":\"%s\"}}"
                .formatted(unit, b64(keyId(unit)), b64(UUID.randomUUID() + "-" + unit))
          };
    };
  }

  private static String[] bucket(long n, String inst) {
    return new String[] {
      GROUP + "buckets",
      "{\"apiVersion\":\"%s\",\"kind\":\"Bucket\",\"metadata\":{\"name\":\"bucket-%d\",\"labels\":{\"team\":\"t%d\"}},\"spec\":{\"instanceRef\":\"%s\",\"versioning\":true,\"quotaBytes\":10737418240,\"deletionPolicy\":\"DeleteIfEmpty\"}}"
          .formatted(API, n, n % 7, inst)
    };
  }

  private static String keyId(long unit) {
    return "AK" + String.format("%018d", unit);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
