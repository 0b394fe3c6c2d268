package io.exordos.s3aas.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * S3's general-purpose bucket naming rules, checked by the API so that a name S3 would refuse is
 * refused when it is written, not retried against a node for ever. The CRD schema's pattern covers
 * only length and characters (a CRD pattern cannot say "no {@code ..}" or "not an IP address"), so
 * the full rule set lives here, for both doors: kubectl's 422 and the facade's 400 come from it.
 */
public final class BucketNames {
  private static final Pattern CHARACTERS = Pattern.compile("[a-z0-9.-]*");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private BucketNames() {}

  /**
   * Checks the S3 bucket names an object asks for: a Bucket's {@code spec.bucketName} (or its
   * {@code metadata.name}, which is the bucket name when that is absent) and an S3Instance's
   * default bucket {@code spec.bucketName}.
   */
  public static List<FieldError> check(String kind, JsonNode object) {
    if (!kind.equals("Bucket") && !kind.equals("S3Instance")) {
      return List.of();
    }
    JsonNode bucketName = object.path("spec").path("bucketName");
    String field = "spec.bucketName";
    if (kind.equals("Bucket") && (bucketName.isMissingNode() || bucketName.isNull())) {
      bucketName = object.path("metadata").path("name");
      field = "metadata.name";
    }
    if (!bucketName.isTextual()) {
      return List.of();
    }
    String message = invalidValue(bucketName.asText());
    return message == null ? List.of() : List.of(new FieldError(field, message));
  }

  /**
   * The refusal of {@code name} as kube-apiserver words a field error, or null when it is valid.
   */
  public static @Nullable String invalidValue(String name) {
    String problem = problem(name);
    return problem == null
        ? null
        : "Invalid value: \"" + name + "\": not a valid S3 bucket name: " + problem;
  }

  /** Which S3 bucket naming rule {@code name} breaks, in words, or null when it is a valid name. */
  public static @Nullable String problem(String name) {
    if (name.length() < 3 || name.length() > 63) {
      return "a bucket name must be 3 to 63 characters long";
    }
    if (!CHARACTERS.matcher(name).matches()) {
      return "a bucket name may contain only lower-case letters, digits, dots (.) and hyphens (-)";
    }
    if (!isLetterOrDigit(name.charAt(0)) || !isLetterOrDigit(name.charAt(name.length() - 1))) {
      return "a bucket name must begin and end with a letter or a digit";
    }
    if (name.contains("..")) {
      return "a bucket name must not contain two adjacent dots (..)";
    }
    if (IP_ADDRESS.matcher(name).matches()) {
      return "a bucket name must not be formatted as an IP address";
    }
    if (name.startsWith("xn--")) {
      return "a bucket name must not start with the prefix xn--";
    }
    if (name.endsWith("-s3alias")) {
      return "a bucket name must not end with the suffix -s3alias";
    }
    if (name.endsWith("--ol-s3")) {
      return "a bucket name must not end with the suffix --ol-s3";
    }
    return null;
  }

  private static boolean isLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
