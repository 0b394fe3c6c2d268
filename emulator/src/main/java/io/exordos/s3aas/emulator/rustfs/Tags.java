package io.exordos.s3aas.emulator.rustfs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;

/** Tag sets of buckets and objects: the Tagging document, the x-amz-tagging header and limits. */
final class Tags {
  private Tags() {}

  /** Parses a Tagging document of at most {@code max} tags; InvalidTag when a limit is broken. */
  static Map<String, String> parse(byte[] body, int max) {
    Element root = Xml.parse(body, "Tagging");
    Element set = Xml.child(root, "TagSet");
    if (set == null) {
      throw S3Exception.malformedXml();
    }
    Map<String, String> tags = new TreeMap<>();
    for (Element tag : Xml.children(set, "Tag")) {
      String key = Xml.exactText(tag, "Key");
      String value = Xml.exactText(tag, "Value");
      if (key == null) {
        throw S3Exception.malformedXml();
      }
      add(tags, key, value == null ? "" : value);
    }
    check(tags, max);
    return tags;
  }

  /** The x-amz-tagging header: URL-query form {@code k1=v1&k2=v2}. */
  static Map<String, String> fromHeader(@Nullable String header) {
    Map<String, String> tags = new TreeMap<>();
    if (header == null || header.isEmpty()) {
      return tags;
    }
    for (Map.Entry<String, List<String>> e : HttpRequestView.parseQuery(header).entrySet()) {
      if (e.getValue().size() > 1) {
        throw invalid("Cannot provide multiple Tags with the same key");
      }
      add(tags, e.getKey(), e.getValue().get(0));
    }
    check(tags, 10);
    return tags;
  }

  static Xml document(Map<String, String> tags) {
    Xml x = new Xml().root("Tagging").open("TagSet");
    tags.forEach((k, v) -> x.open("Tag").el("Key", k).el("Value", v).close("Tag"));
    return x.close("TagSet").close("Tagging");
  }

  private static void add(Map<String, String> tags, String key, String value) {
    if (tags.put(key, value) != null) {
      throw invalid("Cannot provide multiple Tags with the same key");
    }
  }

  private static void check(Map<String, String> tags, int max) {
    if (tags.size() > max) {
      throw invalid("Object tags cannot be greater than " + max);
    }
    for (Map.Entry<String, String> e : tags.entrySet()) {
      if (e.getKey().isEmpty() || e.getKey().length() > 128) {
        throw invalid("The TagKey you have provided is invalid");
      }
      if (e.getValue().length() > 256) {
        throw invalid("The TagValue you have provided is invalid");
      }
    }
  }

  private static S3Exception invalid(String message) {
    return new S3Exception(400, "InvalidTag", message);
  }
}
