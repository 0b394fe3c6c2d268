package io.exordos.s3aas.emulator.rustfs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Listings: ListObjects (v1), ListObjectsV2 and ListObjectVersions. */
final class ListingApi {
  /** One listed version: its key and the stored version. */
  private record Entry(String key, NodeStore.StoredObject obj, boolean latest) {}

  /** One page of a listing: the entries and common prefixes in order, and where it stopped. */
  private static final class Page {
    final List<Entry> entries = new ArrayList<>();
    final Set<String> prefixes = new LinkedHashSet<>();
    @Nullable String lastKey;
    NodeStore.@Nullable StoredObject lastVersion; // null when the page ended on a prefix
    boolean truncated;
  }

  private final S3Context ctx;
  private final NodeStore store;

  ListingApi(S3Context ctx) {
    this.ctx = ctx;
    this.store = ctx.store;
  }

  Reply listObjects(S3Api.Request r, String name, boolean v2) {
    HttpRequestView q = r.http();
    String prefix = q.queryParam("prefix").orElse("");
    String delimiter = q.queryParam("delimiter").orElse("");
    boolean urlEncode = urlEncoding(q);
    int maxKeys = maxKeys(q);
    String token = q.queryParam("continuation-token").orElse(null);
    String after;
    if (v2 && token != null) {
      try {
        after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw S3Exception.invalidArgument("The continuation token provided is incorrect");
      }
    } else {
      after = q.queryParam(v2 ? "start-after" : "marker").orElse("");
    }
    Page page;
    synchronized (store) {
      NodeStore.Bucket b = ctx.bucket(name);
      page = walk(b, prefix, delimiter, after, null, maxKeys, false);
    }
    Function<String, String> enc = s -> urlEncode ? SigV4.uriEncode(s, false) : s;
    // The Prefix element is echoed as sent, even with encoding-type=url (as RGW answers).
    Xml x = new Xml().root("ListBucketResult").el("Name", name).el("Prefix", prefix);
    String next = page.lastKey;
    if (v2) {
      x.el("KeyCount", page.entries.size() + page.prefixes.size()).el("MaxKeys", maxKeys);
      if (token != null) {
        x.el("ContinuationToken", token);
      }
      if (page.truncated && next != null) {
        x.el(
            "NextContinuationToken",
            Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(next.getBytes(StandardCharsets.UTF_8)));
      }
      q.queryParam("start-after").ifPresent(s -> x.el("StartAfter", enc.apply(s)));
    } else {
      x.el("Marker", enc.apply(after)).el("MaxKeys", maxKeys);
      if (page.truncated && !delimiter.isEmpty() && next != null) {
        x.el("NextMarker", enc.apply(next));
      }
    }
    if (!delimiter.isEmpty()) {
      x.el("Delimiter", enc.apply(delimiter));
    }
    if (urlEncode) {
      x.el("EncodingType", "url");
    }
    x.el("IsTruncated", page.truncated);
    boolean owner = !v2 || q.queryParam("fetch-owner").map("true"::equals).orElse(false);
    for (Entry e : page.entries) {
      NodeStore.StoredObject o = e.obj();
      x.open("Contents")
          .el("Key", enc.apply(e.key()))
          .el("LastModified", o.lastModified)
          .el("ETag", "\"" + o.etag + "\"")
          .el("Size", o.size)
          .el("StorageClass", "STANDARD");
      if (owner) {
        Acl.owner(x, "Owner");
      }
      x.close("Contents");
    }
    for (String p : page.prefixes) {
      x.open("CommonPrefixes").el("Prefix", enc.apply(p)).close("CommonPrefixes");
    }
    return Reply.xml(x.close("ListBucketResult"));
  }

  Reply listVersions(S3Api.Request r, String name) {
    HttpRequestView q = r.http();
    String prefix = q.queryParam("prefix").orElse("");
    String delimiter = q.queryParam("delimiter").orElse("");
    boolean urlEncode = urlEncoding(q);
    int maxKeys = maxKeys(q);
    String keyMarker = q.queryParam("key-marker").orElse("");
    String versionMarker = q.queryParam("version-id-marker").orElse("");
    if (!versionMarker.isEmpty() && keyMarker.isEmpty()) {
      throw S3Exception.invalidArgument(
          "A version-id marker cannot be specified without a key marker.");
    }
    Page page;
    synchronized (store) {
      NodeStore.Bucket b = ctx.bucket(name);
      page =
          walk(
              b,
              prefix,
              delimiter,
              keyMarker,
              versionMarker.isEmpty() ? null : versionMarker,
              maxKeys,
              true);
    }
    Function<String, String> enc = s -> urlEncode ? SigV4.uriEncode(s, false) : s;
    Xml x =
        new Xml()
            .root("ListVersionsResult")
            .el("Name", name)
            .el("Prefix", enc.apply(prefix))
            .el("KeyMarker", enc.apply(keyMarker))
            .el("VersionIdMarker", versionMarker)
            .el("MaxKeys", maxKeys);
    if (!delimiter.isEmpty()) {
      x.el("Delimiter", enc.apply(delimiter));
    }
    if (urlEncode) {
      x.el("EncodingType", "url");
    }
    x.el("IsTruncated", page.truncated);
    if (page.truncated && page.lastKey != null) {
      x.el("NextKeyMarker", enc.apply(page.lastKey));
      if (page.lastVersion != null) {
        x.el("NextVersionIdMarker", Versions.idOf(page.lastVersion));
      }
    }
    for (Entry e : page.entries) {
      NodeStore.StoredObject o = e.obj();
      boolean latest = e.latest();
      x.open(o.deleteMarker ? "DeleteMarker" : "Version")
          .el("Key", enc.apply(e.key()))
          .el("VersionId", Versions.idOf(o))
          .el("IsLatest", latest)
          .el("LastModified", o.lastModified);
      if (!o.deleteMarker) {
        x.el("ETag", "\"" + o.etag + "\"").el("Size", o.size).el("StorageClass", "STANDARD");
      }
      Acl.owner(x, "Owner");
      x.close(o.deleteMarker ? "DeleteMarker" : "Version");
    }
    for (String p : page.prefixes) {
      x.open("CommonPrefixes").el("Prefix", enc.apply(p)).close("CommonPrefixes");
    }
    return Reply.xml(x.close("ListVersionsResult"));
  }

  /**
   * Walks a bucket's keys in order after {@code after} (and, for versions, after the version {@code
   * afterVersion} of that key), folding keys under a delimiter into common prefixes, until {@code
   * maxKeys} entries and prefixes are collected.
   */
  private static Page walk(
      NodeStore.Bucket b,
      String prefix,
      String delimiter,
      String after,
      @Nullable String afterVersion,
      int maxKeys,
      boolean versions) {
    Page page = new Page();
    boolean afterIsPrefix = !delimiter.isEmpty() && after.endsWith(delimiter);
    String start = after.compareTo(prefix) > 0 ? after : prefix;
    for (Map.Entry<String, NodeStore.StoredObject> e : b.objects.tailMap(start, true).entrySet()) {
      String k = e.getKey();
      if (!k.startsWith(prefix)) {
        break; // keys with the prefix are contiguous and all came before
      }
      if (afterIsPrefix && k.startsWith(after) && !after.isEmpty()) {
        continue; // the previous page ended on this common prefix
      }
      List<NodeStore.StoredObject> chain =
          versions
              ? Versions.all(b, k)
              : e.getValue().deleteMarker ? List.of() : List.of(e.getValue());
      if (k.equals(after)) {
        if (afterVersion == null) {
          continue;
        }
        int idx = indexOf(chain, afterVersion);
        chain = idx < 0 ? List.of() : chain.subList(idx + 1, chain.size());
      }
      if (chain.isEmpty()) {
        continue;
      }
      String common = null;
      if (!delimiter.isEmpty()) {
        int idx = k.indexOf(delimiter, prefix.length());
        if (idx >= 0) {
          common = k.substring(0, idx + delimiter.length());
        }
      }
      if (common != null && page.prefixes.contains(common)) {
        continue;
      }
      if (common != null) {
        if (page.entries.size() + page.prefixes.size() >= maxKeys) {
          page.truncated = page.lastKey != null;
          return page;
        }
        page.prefixes.add(common);
        page.lastKey = common;
        page.lastVersion = null;
        continue;
      }
      for (NodeStore.StoredObject o : chain) {
        if (page.entries.size() + page.prefixes.size() >= maxKeys) {
          // max-keys=0 lists nothing and, having no last key to continue from, is not truncated
          page.truncated = page.lastKey != null;
          return page;
        }
        page.entries.add(new Entry(k, o, o == e.getValue()));
        page.lastKey = k;
        page.lastVersion = o;
      }
    }
    return page;
  }

  private static int indexOf(List<NodeStore.StoredObject> chain, String versionId) {
    for (int i = 0; i < chain.size(); i++) {
      if (Versions.idOf(chain.get(i)).equals(versionId)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean urlEncoding(HttpRequestView q) {
    String e = q.queryParam("encoding-type").orElse(null);
    if (e != null && !e.equals("url")) {
      throw S3Exception.invalidArgument("Invalid Encoding Method specified in Request");
    }
    return e != null;
  }

  private static int maxKeys(HttpRequestView q) {
    int maxKeys;
    try {
      maxKeys = Integer.parseInt(q.queryParam("max-keys").orElse("1000"));
    } catch (NumberFormatException e) {
      throw S3Exception.invalidArgument("Provided max-keys not an integer or within integer range");
    }
    if (maxKeys < 0) {
      throw S3Exception.invalidArgument("Provided max-keys not an integer or within integer range");
    }
    return Math.min(1000, maxKeys);
  }
}
