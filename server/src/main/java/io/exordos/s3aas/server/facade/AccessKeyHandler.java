package io.exordos.s3aas.server.facade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.api.WriteOptions;
import io.exordos.s3aas.server.store.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A user's access keys. The facade mints the key pair: the access key id is the AccessKey's name
 * (lowercased) and label, the secret goes into a Secret of its own ({@code s3aas-key-<id>}) that
 * the AccessKey refers to, and only the create answer ever holds the secret.
 */
final class AccessKeyHandler {
  private static final String KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String SECRET_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ModelAccess model;

  AccessKeyHandler(ModelAccess model) {
    this.model = model;
  }

  Object create(Call c) {
    ObjectNode user = user(c);
    String userId = user.at("/metadata/name").asText();
    // no body: generate everything, as {} does
    ObjectNode body = c.body(JsonNodeFactory.instance.objectNode());
    FieldMapping.checkProject(c, body);
    String instanceUrl = RouteTable.BASE + "/instances/";
    FieldMapping.checkParent(body, "instance", user.at("/spec/instanceRef").asText(), instanceUrl);
    FieldMapping.checkParent(
        body, "user", userId, instanceUrl + user.at("/spec/instanceRef").asText() + "/users/");
    JsonNode secretNode = body.remove("secret_key");
    String secret;
    if (secretNode == null || secretNode.isNull()) {
      secret = random(SECRET_CHARS, 40);
    } else if (!secretNode.isTextual()
        || secretNode.asText().length() < 10
        || secretNode.asText().length() > 256) {
      throw FacadeError.badRequest(
          "secret_key", "secret_key must be a string of 10 to 256 characters");
    } else {
      secret = secretNode.asText();
    }
    String accessKey = random(KEY_CHARS, 20);
    String id = accessKey.toLowerCase(Locale.ROOT);
    ObjectNode target = ModelAccess.newObject(model.keys, id, c.project);
    target
        .withObjectProperty("metadata")
        .withObjectProperty("labels")
        .put(FacadeKinds.ACCESS_KEY_LABEL, accessKey);
    target.withObjectProperty("spec").put("userRef", userId);
    FieldMapping.apply(FacadeKinds.ACCESS_KEY, body, target, null, c.caller);
    String secretName = secretNameOf(id);
    target.withObjectProperty("spec").putObject("secretRef").put("name", secretName);
    ObjectNode s = ModelAccess.newObject(model.secrets, secretName, c.project);
    s.withObjectProperty("metadata")
        .withObjectProperty("labels")
        .put("s3aas.exordos.io/access-key", id);
    s.put("type", "Opaque");
    ObjectNode data = s.putObject("data");
    data.put("accessKeyId", b64(accessKey));
    data.put("secretAccessKey", b64(secret));
    model.service.create(model.secrets, c.project, s, WriteOptions.DEFAULT);
    ObjectNode stored;
    try {
      stored = model.service.create(model.keys, c.project, target, WriteOptions.DEFAULT).object();
    } catch (RuntimeException e) {
      model.deleteQuietly(new ResourceKey(model.secrets, c.project, secretName));
      throw e;
    }
    ObjectNode v = view(c, stored);
    v.put("secret_key", secret);
    return Answer.created(v);
  }

  Object list(Call c) {
    String userId = user(c).at("/metadata/name").asText();
    List<ObjectNode> mine =
        model.all(model.keys, c.project).stream()
            .filter(k -> userId.equals(k.at("/spec/userRef").asText()))
            .toList();
    ArrayNode page = Paging.page(c, FacadeKinds.ACCESS_KEY, mine);
    page.forEach(v -> ((ObjectNode) v).put("instance", c.p("id")));
    return page;
  }

  Object get(Call c) {
    return view(c, c.etag(key(c)));
  }

  Object update(Call c) {
    ObjectNode body = c.body();
    return GuaranteedUpdate.run(c, () -> updateOnce(c, body.deepCopy()));
  }

  private Object updateOnce(Call c, ObjectNode body) {
    ObjectNode current = c.precondition(key(c));
    FieldMapping.checkProject(c, body);
    body.remove("instance");
    ObjectNode target = current.deepCopy();
    FieldMapping.apply(FacadeKinds.ACCESS_KEY, body, target, current, c.caller);
    ResourceKey k = new ResourceKey(model.keys, c.project, current.at("/metadata/name").asText());
    return view(c, c.etag(model.service.update(k, target, WriteOptions.DEFAULT, false).object()));
  }

  Object delete(Call c) {
    deleteKey(c.project, key(c));
    return Answer.noContent();
  }

  /** Deletes a user's keys with their Secrets, before the user goes. */
  void deleteKeysOf(String project, String userId) {
    for (ObjectNode k : model.all(model.keys, project)) {
      if (userId.equals(k.at("/spec/userRef").asText())) {
        deleteKey(project, k);
      }
    }
  }

  /** Deletes an AccessKey, then the credentials Secret the facade made for it. */
  private void deleteKey(String project, ObjectNode k) {
    String id = k.at("/metadata/name").asText();
    model.service.delete(new ResourceKey(model.keys, project, id), null, false);
    String secretName = k.at("/spec/secretRef/name").asText("");
    if (secretName.equals(secretNameOf(id))) {
      model.deleteQuietly(new ResourceKey(model.secrets, project, secretName));
    }
  }

  private static String secretNameOf(String keyId) {
    return "s3aas-key-" + keyId;
  }

  /** The user of the call's {@code {user}} on the instance of {@code {id}}, by id or name. */
  private ObjectNode user(Call c) {
    String instanceId = model.instance(c).at("/metadata/name").asText();
    return model
        .findChild(model.users, FacadeKinds.USER, c.project, instanceId, c.p("user"))
        .orElseThrow(() -> FacadeError.notFound("user " + c.p("user")));
  }

  /** The key of {@code {key}}, by id or access key id, among the user's keys. */
  private ObjectNode key(Call c) {
    String userId = user(c).at("/metadata/name").asText();
    String ref = c.p("key");
    for (ObjectNode k : model.all(model.keys, c.project)) {
      if (!userId.equals(k.at("/spec/userRef").asText())) {
        continue;
      }
      JsonNode ak = FacadeKinds.accessKeyId(k);
      if (ref.equals(k.at("/metadata/name").asText()) || (ak != null && ref.equals(ak.asText()))) {
        return k;
      }
    }
    throw FacadeError.notFound("access key " + ref);
  }

  private ObjectNode view(Call c, ObjectNode k) {
    ObjectNode v = FieldMapping.view(FacadeKinds.ACCESS_KEY, k);
    v.put("instance", model.instance(c).at("/metadata/name").asText());
    return v;
  }

  private static String random(String alphabet, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int k = 0; k < n; k++) {
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
