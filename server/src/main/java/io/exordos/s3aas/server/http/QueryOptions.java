package io.exordos.s3aas.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.exordos.s3aas.server.api.ApiException;
import io.exordos.s3aas.server.validation.Cause;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The query options of the resource API that are checked rather than ignored: a value the server
 * does not understand is an error saying what is wrong, as kube-apiserver answers it, never a
 * silent default (a bogus propagationPolicy used to delete the object anyway).
 */
final class QueryOptions {
  private static final Pattern REVISION = Pattern.compile("^[0-9]{1,18}$");
  private static final List<String> PROPAGATION = List.of("Foreground", "Background", "Orphan");
  private static final List<String> MATCH = List.of("NotOlderThan", "Exact");

  private QueryOptions() {}

  /** {@code resourceVersion}: null when absent or empty, otherwise a revision number. */
  static @Nullable Long resourceVersion(Exchange ex) {
    String rv = ex.query("resourceVersion");
    if (rv == null || rv.isEmpty()) {
      return null;
    }
    if (!REVISION.matcher(rv).matches()) {
      throw ApiException.badRequest(
          "invalid resourceVersion \""
              + rv
              + "\": a resource version is a revision number, as given in metadata.resourceVersion");
    }
    return Long.parseLong(rv);
  }

  /** Checks {@code resourceVersionMatch} against the request (ListOptions validation). */
  static void checkResourceVersionMatch(Exchange ex, boolean watch) {
    String match = ex.query("resourceVersionMatch");
    if (match == null || match.isEmpty()) {
      return;
    }
    String rv = ex.query("resourceVersion");
    List<Cause> causes = new ArrayList<>();
    if (!MATCH.contains(match)) {
      causes.add(
          new Cause(
              "resourceVersionMatch",
              "FieldValueNotSupported",
              "Unsupported value: \""
                  + match
                  + "\": supported values: \"NotOlderThan\", \"Exact\""));
    } else if (watch) {
      causes.add(
          new Cause(
              "resourceVersionMatch",
              "FieldValueForbidden",
              "Forbidden: resourceVersionMatch is forbidden for watch"));
    } else if (rv == null || rv.isEmpty()) {
      causes.add(
          new Cause(
              "resourceVersionMatch",
              "FieldValueForbidden",
              "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided"));
    } else if (match.equals("Exact") && rv.equals("0")) {
      causes.add(
          new Cause(
              "resourceVersionMatch",
              "FieldValueForbidden",
              "Forbidden: resourceVersionMatch \"Exact\" is forbidden for resourceVersion \"0\""));
    }
    if (!causes.isEmpty()) {
      throw invalid("ListOptions", causes);
    }
  }

  /**
   * Checks the delete options, from the query and from a DeleteOptions body: s3aas deletes no
   * dependents, so every policy behaves the same, but a value that is no policy is refused before
   * anything is deleted.
   */
  static void checkDeleteOptions(Exchange ex, @Nullable JsonNode body) {
    List<Cause> causes = new ArrayList<>();
    checkPolicy(ex.query("propagationPolicy"), causes);
    String grace = ex.query("gracePeriodSeconds");
    if (grace != null && !grace.isEmpty() && !grace.matches("^-?[0-9]{1,18}$")) {
      throw ApiException.badRequest(
          "gracePeriodSeconds must be an integer number of seconds, not \"" + grace + "\"");
    }
    String orphan = ex.query("orphanDependents");
    if (orphan != null && !orphan.isEmpty() && !orphan.equals("true") && !orphan.equals("false")) {
      throw ApiException.badRequest(
          "orphanDependents must be true or false, not \"" + orphan + "\"");
    }
    if (body != null) {
      if (!body.isObject()) {
        throw ApiException.badRequest("the body of a delete must be a DeleteOptions object");
      }
      JsonNode policy = body.path("propagationPolicy");
      if (!policy.isMissingNode() && !policy.isNull()) {
        checkPolicy(policy.isTextual() ? policy.asText() : policy.toString(), causes);
      }
      JsonNode graceBody = body.path("gracePeriodSeconds");
      if (!graceBody.isMissingNode() && !graceBody.isNull() && !graceBody.isIntegralNumber()) {
        causes.add(typeCause("gracePeriodSeconds", "integer"));
      }
      JsonNode orphanBody = body.path("orphanDependents");
      if (!orphanBody.isMissingNode() && !orphanBody.isNull() && !orphanBody.isBoolean()) {
        causes.add(typeCause("orphanDependents", "boolean"));
      }
      JsonNode pre = body.path("preconditions");
      if (!pre.isMissingNode() && !pre.isNull() && !pre.isObject()) {
        causes.add(typeCause("preconditions", "object"));
      }
      JsonNode dryRun = body.path("dryRun");
      if (!dryRun.isMissingNode() && !dryRun.isNull()) {
        boolean ok = dryRun.isArray();
        for (JsonNode d : dryRun) {
          ok &= d.isTextual() && d.asText().equals("All");
        }
        if (!ok) {
          causes.add(
              new Cause(
                  "dryRun",
                  "FieldValueNotSupported",
                  "Unsupported value: " + dryRun + ": supported values: \"All\""));
        }
      }
    }
    if (!causes.isEmpty()) {
      throw invalid("DeleteOptions", causes);
    }
  }

  private static void checkPolicy(@Nullable String policy, List<Cause> causes) {
    if (policy != null && !policy.isEmpty() && !PROPAGATION.contains(policy)) {
      causes.add(
          new Cause(
              "propagationPolicy",
              "FieldValueNotSupported",
              "Unsupported value: \""
                  + policy
                  + "\": supported values: \"Foreground\", \"Background\", \"Orphan\""));
    }
  }

  /**
   * The answer to a watch or read from a revision the server has not reached: kube-apiserver's "Too
   * large resource version" (504 Timeout, retry after a second), which clients handle by listing
   * again.
   */
  static ApiException tooLargeResourceVersion(long requested, long current) {
    return new ApiException(
        504,
        "Timeout",
        "Timeout: Too large resource version: " + requested + ", current: " + current,
        null,
        null,
        null,
        List.of(new Cause("", "ResourceVersionTooLarge", "Too large resource version")));
  }

  private static Cause typeCause(String field, String type) {
    return new Cause(
        field, "FieldValueTypeInvalid", "Invalid value: " + field + " must be of type " + type);
  }

  private static ApiException invalid(String kind, List<Cause> causes) {
    StringBuilder message = new StringBuilder(kind + ".meta.k8s.io \"\" is invalid: ");
    for (int i = 0; i < causes.size(); i++) {
      message.append(i == 0 ? "" : ", ").append(causes.get(i).field()).append(": ");
      message.append(causes.get(i).message());
    }
    return new ApiException(422, "Invalid", message.toString(), "", "meta.k8s.io", kind, causes);
  }
}
