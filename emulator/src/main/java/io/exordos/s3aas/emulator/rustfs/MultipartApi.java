package io.exordos.s3aas.emulator.rustfs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;

/**
 * Multipart uploads: create, upload part (and part copy), complete (with the part ETag, order and
 * size checks), abort, list parts and list uploads. Uploads in progress and their parts are kept by
 * the store like objects, so they survive a restart.
 */
final class MultipartApi {
  static final long MIN_PART = 5L * 1024 * 1024;
  private static final Pattern COPY_RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

  private final S3Context ctx;
  private final NodeStore store;
  private final ObjectApi objects;

  MultipartApi(S3Context ctx, ObjectApi objects) {
    this.ctx = ctx;
    this.store = ctx.store;
    this.objects = objects;
  }

  Reply create(S3Api.Request r, String bucket, String key) {
    ObjectApi.checkKey(bucket, key);
    NodeStore.Upload upload = new NodeStore.Upload();
    upload.key = key;
    upload.template = ObjectHeaders.settings(r);
    upload.owner = upload.template.owner;
    String id = UUID.randomUUID().toString().replace("-", "");
    synchronized (store) {
      NodeStore.Bucket b = ctx.bucket(bucket);
      Sse.applyOnWrite(b, r.http(), upload.template);
      ObjectLock.applyOnWrite(b, r.http(), upload.template, ctx.clock.instant());
      upload.initiated = ctx.now();
      b.uploads.put(id, upload);
      store.save();
    }
    Reply reply =
        Reply.xml(
            new Xml()
                .root("InitiateMultipartUploadResult")
                .el("Bucket", bucket)
                .el("Key", key)
                .el("UploadId", id)
                .close("InitiateMultipartUploadResult"));
    Sse.echo(upload.template, reply);
    return reply;
  }

  Reply uploadPart(S3Api.Request r, String bucket, String key) {
    int number = partNumber(r);
    byte[] data = r.payload();
    String sent = r.http().header("content-md5").orElse(null);
    if (sent != null && !sent.equals(S3Context.base64Md5(data))) {
      throw new S3Exception(
              400, "BadDigest", "The Content-MD5 you specified did not match what we received.")
          .on(bucket, key);
    }
    NodeStore.StoredObject part = storePart(r, bucket, key, number, data);
    Reply reply = Reply.ok().header("ETag", "\"" + part.etag + "\"");
    synchronized (store) {
      Sse.echo(upload(ctx.bucket(bucket), bucket, key, r).template, reply);
    }
    return reply;
  }

  Reply uploadPartCopy(S3Api.Request r, String bucket, String key) {
    int number = partNumber(r);
    CopyApi.Source src = CopyApi.source(ctx, r);
    byte[] data = src.data();
    String range = r.http().header("x-amz-copy-source-range").orElse(null);
    if (range != null) {
      Matcher m = COPY_RANGE.matcher(range);
      if (!m.matches()) {
        throw S3Exception.invalidArgument(
            "The x-amz-copy-source-range value must be of the form bytes=first-last");
      }
      long first = Long.parseLong(m.group(1));
      long last = Long.parseLong(m.group(2));
      if (first > last || last >= data.length) {
        throw new S3Exception(400, "InvalidRange", "The requested range is not satisfiable");
      }
      data = Arrays.copyOfRange(data, (int) first, (int) last + 1);
    }
    NodeStore.StoredObject part = storePart(r, bucket, key, number, data);
    return Reply.xml(
            new Xml()
                .root("CopyPartResult")
                .el("LastModified", part.lastModified)
                .el("ETag", "\"" + part.etag + "\"")
                .close("CopyPartResult"))
        .header("x-amz-copy-source-version-id", src.obj().versionId);
  }

  private NodeStore.StoredObject storePart(
      S3Api.Request r, String bucket, String key, int number, byte[] data) {
    NodeStore.StoredObject part = new NodeStore.StoredObject();
    part.size = data.length;
    part.etag = S3Context.hexMd5(data);
    part.lastModified = ctx.now();
    synchronized (store) {
      NodeStore.Upload upload = upload(ctx.bucket(bucket), bucket, key, r);
      if (upload.template.sseCustomerKeyMd5 != null) {
        Sse.checkRead(r.http(), upload.template, "");
      }
      store.writeData(part, data);
      store.deleteData(upload.parts.put(number, part));
      store.save();
    }
    return part;
  }

  Reply complete(S3Api.Request r, String bucket, String key) {
    Element root = Xml.parse(r.payload(), "CompleteMultipartUpload");
    List<Element> parts = Xml.children(root, "Part");
    if (parts.isEmpty()) {
      throw S3Exception.malformedXml();
    }
    NodeStore.Upload upload;
    NodeStore.StoredObject obj = new NodeStore.StoredObject();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    ByteArrayOutputStream md5s = new ByteArrayOutputStream();
    List<NodeStore.StoredObject> used = new ArrayList<>();
    synchronized (store) {
      NodeStore.Bucket b = ctx.bucket(bucket);
      NodeStore.StoredObject done = b.objects.get(key);
      String id = r.http().queryParam("uploadId").orElse("");
      if (!b.uploads.containsKey(id) && done != null && id.equals(done.uploadId)) {
        // Completing an upload again answers as the first time did.
        return completed(bucket, key, done);
      }
      upload = upload(b, bucket, key, r);
      int previous = 0;
      for (int i = 0; i < parts.size(); i++) {
        Element p = parts.get(i);
        int number = parseInt(Xml.text(p, "PartNumber"));
        String etag = Xml.text(p, "ETag");
        if (number <= previous) {
          throw new S3Exception(
              400,
              "InvalidPartOrder",
              "The list of parts was not in ascending order. Parts must be ordered by part number.");
        }
        previous = number;
        NodeStore.StoredObject part = upload.parts.get(number);
        if (part == null || etag == null || !Preconditions.matches(etag, part.etag)) {
          throw new S3Exception(
              400,
              "InvalidPart",
              "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.");
        }
        if (i < parts.size() - 1 && part.size < MIN_PART) {
          throw new S3Exception(
              400,
              "EntityTooSmall",
              "Your proposed upload is smaller than the minimum allowed object size.");
        }
        data.writeBytes(store.readData(part));
        md5s.writeBytes(java.util.HexFormat.of().parseHex(part.etag));
        used.add(part);
        obj.partSizes.add(part.size);
      }
    }
    List<Long> sizes = obj.partSizes;
    obj = upload.template.settingsCopy();
    obj.partSizes = sizes;
    obj.uploadId = r.http().queryParam("uploadId").orElse("");
    obj.owner = upload.owner;
    obj.etag = S3Context.hexMd5(md5s.toByteArray()) + "-" + used.size();
    obj.partsCount = used.size();
    Reply stored = objects.commit(r, bucket, key, obj, data.toByteArray(), false);
    synchronized (store) {
      NodeStore.Bucket b = ctx.bucket(bucket);
      NodeStore.Upload done = b.uploads.remove(r.http().queryParam("uploadId").orElse(""));
      if (done != null) {
        done.parts.values().forEach(store::deleteData);
      }
      store.save();
    }
    Reply reply = completed(bucket, key, obj);
    stored.headers.forEach(
        (h, v) -> {
          if (!h.equals("ETag")) {
            reply.header(h, v);
          }
        });
    return reply;
  }

  private static Reply completed(String bucket, String key, NodeStore.StoredObject obj) {
    return Reply.xml(
        new Xml()
            .root("CompleteMultipartUploadResult")
            .el("Location", "/" + bucket + "/" + key)
            .el("Bucket", bucket)
            .el("Key", key)
            .el("ETag", "\"" + obj.etag + "\"")
            .close("CompleteMultipartUploadResult"));
  }

  Reply abort(S3Api.Request r, String bucket, String key) {
    synchronized (store) {
      NodeStore.Bucket b = ctx.bucket(bucket);
      upload(b, bucket, key, r);
      NodeStore.Upload removed = b.uploads.remove(r.http().queryParam("uploadId").orElse(""));
      if (removed != null) {
        removed.parts.values().forEach(store::deleteData);
      }
      store.save();
    }
    return Reply.noContent();
  }

  Reply listParts(S3Api.Request r, String bucket, String key) {
    int marker = parseInt(r.http().queryParam("part-number-marker").orElse("0"));
    int max = Math.min(1000, parseInt(r.http().queryParam("max-parts").orElse("1000")));
    String id = r.http().queryParam("uploadId").orElse("");
    Xml x =
        new Xml().root("ListPartsResult").el("Bucket", bucket).el("Key", key).el("UploadId", id);
    synchronized (store) {
      NodeStore.Upload upload = upload(ctx.bucket(bucket), bucket, key, r);
      Acl.owner(x, "Initiator");
      Acl.owner(x, "Owner");
      x.el("StorageClass", "STANDARD").el("PartNumberMarker", marker);
      List<Map.Entry<Integer, NodeStore.StoredObject>> page = new ArrayList<>();
      boolean truncated = false;
      for (Map.Entry<Integer, NodeStore.StoredObject> e :
          upload.parts.tailMap(marker, false).entrySet()) {
        if (page.size() >= max) {
          truncated = true;
          break;
        }
        page.add(e);
      }
      if (!page.isEmpty()) {
        x.el("NextPartNumberMarker", page.get(page.size() - 1).getKey());
      }
      x.el("MaxParts", max).el("IsTruncated", truncated);
      for (Map.Entry<Integer, NodeStore.StoredObject> e : page) {
        x.open("Part")
            .el("PartNumber", e.getKey())
            .el("LastModified", e.getValue().lastModified)
            .el("ETag", "\"" + e.getValue().etag + "\"")
            .el("Size", e.getValue().size)
            .close("Part");
      }
    }
    return Reply.xml(x.close("ListPartsResult"));
  }

  Reply listUploads(S3Api.Request r, String bucket) {
    HttpRequestView q = r.http();
    String prefix = q.queryParam("prefix").orElse("");
    String delimiter = q.queryParam("delimiter").orElse("");
    String keyMarker = q.queryParam("key-marker").orElse("");
    String idMarker = q.queryParam("upload-id-marker").orElse("");
    int max = Math.min(1000, parseInt(q.queryParam("max-uploads").orElse("1000")));
    Xml x =
        new Xml()
            .root("ListMultipartUploadsResult")
            .el("Bucket", bucket)
            .el("KeyMarker", keyMarker)
            .el("UploadIdMarker", idMarker);
    List<Map.Entry<String, NodeStore.Upload>> page = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    boolean truncated = false;
    synchronized (store) {
      List<Map.Entry<String, NodeStore.Upload>> all =
          new ArrayList<>(ctx.bucket(bucket).uploads.entrySet());
      all.sort(
          Comparator.comparing((Map.Entry<String, NodeStore.Upload> e) -> e.getValue().key)
              .thenComparing(e -> e.getValue().initiated)
              .thenComparing(Map.Entry::getKey));
      for (Map.Entry<String, NodeStore.Upload> e : all) {
        String k = e.getValue().key;
        int cmp = k.compareTo(keyMarker);
        if (!k.startsWith(prefix)
            || cmp < 0
            || (cmp == 0 && (idMarker.isEmpty() || e.getKey().compareTo(idMarker) <= 0))) {
          continue;
        }
        String common = null;
        int idx = delimiter.isEmpty() ? -1 : k.indexOf(delimiter, prefix.length());
        if (idx >= 0) {
          common = k.substring(0, idx + delimiter.length());
          if (prefixes.contains(common)) {
            continue;
          }
        }
        if (page.size() + prefixes.size() >= max) {
          truncated = true;
          break;
        }
        if (common != null) {
          prefixes.add(common);
        } else {
          page.add(e);
        }
      }
    }
    if (truncated && !page.isEmpty()) {
      Map.Entry<String, NodeStore.Upload> last = page.get(page.size() - 1);
      x.el("NextKeyMarker", last.getValue().key).el("NextUploadIdMarker", last.getKey());
    }
    x.el("Prefix", prefix);
    if (!delimiter.isEmpty()) {
      x.el("Delimiter", delimiter);
    }
    x.el("MaxUploads", max).el("IsTruncated", truncated);
    for (Map.Entry<String, NodeStore.Upload> e : page) {
      x.open("Upload").el("Key", e.getValue().key).el("UploadId", e.getKey());
      Acl.owner(x, "Initiator");
      Acl.owner(x, "Owner");
      x.el("StorageClass", "STANDARD").el("Initiated", e.getValue().initiated).close("Upload");
    }
    for (String p : prefixes) {
      x.open("CommonPrefixes").el("Prefix", p).close("CommonPrefixes");
    }
    return Reply.xml(x.close("ListMultipartUploadsResult"));
  }

  /** The upload the request's uploadId names, for this key; NoSuchUpload otherwise. */
  private static NodeStore.Upload upload(
      NodeStore.Bucket b, String bucket, String key, S3Api.Request r) {
    String id = r.http().queryParam("uploadId").orElse("");
    NodeStore.Upload upload = b.uploads.get(id);
    if (upload == null || !upload.key.equals(key)) {
      throw new S3Exception(
              404,
              "NoSuchUpload",
              "The specified multipart upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.")
          .on(bucket, key);
    }
    return upload;
  }

  private static int partNumber(S3Api.Request r) {
    int n = parseInt(r.http().queryParam("partNumber").orElse(""));
    if (n < 1 || n > 10000) {
      throw S3Exception.invalidArgument(
          "Part number must be an integer between 1 and 10000, inclusive");
    }
    return n;
  }

  private static int parseInt(@Nullable String s) {
    try {
      return Integer.parseInt(s == null ? "" : s.trim());
    } catch (NumberFormatException e) {
      throw S3Exception.invalidArgument("Invalid number " + s);
    }
  }
}
