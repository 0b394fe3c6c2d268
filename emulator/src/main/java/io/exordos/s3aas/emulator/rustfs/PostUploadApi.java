package io.exordos.s3aas.emulator.rustfs;

/** Browser form uploads (POST to the bucket with a signed policy). */
final class PostUploadApi {
  private final S3Context ctx;
  private final ObjectApi objects;

  PostUploadApi(S3Context ctx, ObjectApi objects) {
    this.ctx = ctx;
    this.objects = objects;
  }

  Reply upload(S3Api.Request r, String bucket) {
    if (ctx.store == null || objects == null) {
      throw S3Exception.internal("not wired");
    }
    throw S3Exception.notImplemented();
  }
}
