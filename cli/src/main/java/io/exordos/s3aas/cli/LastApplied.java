package io.exordos.s3aas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code kubectl.kubernetes.io/last-applied-configuration} annotation exactly as kubectl v1.32
 * writes it, so that kubectl apply and s3ctl apply can take turns on unchanged files and both say
 * "unchanged": kubectl compares the annotation text, not its meaning. kubectl writes the object as
 * applied (with the namespace it was applied to, and an empty {@code metadata.annotations} map when
 * the file had none), encoded by Go's encoding/json: keys sorted, no spaces, {@code <>&} and
 * U+2028/U+2029 escaped as lower-case {@code \}{@code u} sequences, whole numbers without a
 * fraction, then a newline.
 */
final class LastApplied {
  private LastApplied() {}

  /** The annotation's text for {@code applied}: the object sent, namespace included. */
  static String of(JsonNode applied) {
    ObjectNode o = applied.deepCopy();
    o.withObject("/metadata").withObject("/annotations").remove(ApplyCommand.LAST_APPLIED);
    StringBuilder b = new StringBuilder();
    write(b, o);
    return b.append('\n').toString();
  }

  private static void write(StringBuilder b, JsonNode n) {
    if (n.isObject()) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(n.properties());
      // Go sorts map keys byte-wise in UTF-8; String order differs only beyond the BMP.
      fields.sort(Map.Entry.comparingByKey());
      b.append('{');
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        string(b, fields.get(i).getKey());
        b.append(':');
        write(b, fields.get(i).getValue());
      }
      b.append('}');
    } else if (n.isArray()) {
      b.append('[');
      for (int i = 0; i < n.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        write(b, n.get(i));
      }
      b.append(']');
    } else if (n.isTextual()) {
      string(b, n.asText());
    } else if (n.isNumber()) {
      b.append(number(n));
    } else if (n.isBoolean()) {
      b.append(n.asBoolean());
    } else {
      b.append("null");
    }
  }

  /** kubectl reads YAML numbers as int64 when whole, else float64, which Go prints shortest. */
  private static String number(JsonNode n) {
    if (n.isIntegralNumber()) {
      return n.bigIntegerValue().toString();
    }
    BigDecimal d = new BigDecimal(Double.toString(n.doubleValue())).stripTrailingZeros();
    if (d.signum() == 0) {
      return "0";
    }
    double abs = Math.abs(n.doubleValue());
    if (abs >= 1e-6 && abs < 1e21) {
      return d.toPlainString();
    }
    // Go's exponent form: 1e+21, 1.5e-07 (at least two exponent digits).
    int exponent = d.precision() - d.scale() - 1;
    String mantissa = d.movePointLeft(exponent).toPlainString();
    return mantissa
        + "e"
        + (exponent < 0 ? "-" : "+")
        + (Math.abs(exponent) < 10 ? "0" : "")
        + Math.abs(exponent);
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
