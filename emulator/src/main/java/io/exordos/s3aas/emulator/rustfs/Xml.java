package io.exordos.s3aas.emulator.rustfs;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Small helpers to write S3 XML documents and to read the few request bodies S3 takes as XML. */
final class Xml {
  static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
  static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

  private final StringBuilder sb = new StringBuilder(HEADER);

  Xml open(String name) {
    sb.append('<').append(name).append('>');
    return this;
  }

  /** Opens the root element with the S3 namespace. */
  Xml root(String name) {
    sb.append('<').append(name).append(" xmlns=\"").append(NS).append("\">");
    return this;
  }

  Xml close(String name) {
    sb.append("</").append(name).append('>');
    return this;
  }

  Xml el(String name, @Nullable Object text) {
    if (text != null) {
      sb.append('<')
          .append(name)
          .append('>')
          .append(escape(text.toString()))
          .append("</")
          .append(name)
          .append('>');
    }
    return this;
  }

  /** Appends already well-formed XML (elements with attributes, which {@link #el} cannot write). */
  Xml raw(String xml) {
    sb.append(xml);
    return this;
  }

  byte[] bytes() {
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Parses a request body; anything that is not well-formed XML is MalformedXML, as S3 says. */
  static Element parse(byte[] body, String expectedRoot) {
    if (body == null || body.length == 0) {
      throw S3Exception.malformedXml();
    }
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      Document doc = b.parse(new ByteArrayInputStream(body));
      Element root = doc.getDocumentElement();
      if (!root.getLocalName().equals(expectedRoot)) {
        throw S3Exception.malformedXml();
      }
      return root;
    } catch (S3Exception e) {
      throw e;
    } catch (Exception e) {
      throw S3Exception.malformedXml();
    }
  }

  /** The element as an XML document (for configurations kept as submitted, with additions). */
  static String serialize(Element root) {
    try {
      javax.xml.transform.Transformer t =
          javax.xml.transform.TransformerFactory.newInstance().newTransformer();
      java.io.StringWriter out = new java.io.StringWriter();
      t.transform(
          new javax.xml.transform.dom.DOMSource(root),
          new javax.xml.transform.stream.StreamResult(out));
      return out.toString();
    } catch (javax.xml.transform.TransformerException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getLocalName().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }

  static @Nullable Element child(Element parent, String name) {
    List<Element> list = children(parent, name);
    if (list.size() > 1) {
      throw S3Exception.malformedXml();
    }
    return list.isEmpty() ? null : list.get(0);
  }

  /** The text of a child exactly as sent (object keys, tag keys and values are not trimmed). */
  static @Nullable String exactText(@Nullable Element parent, String name) {
    Element e = parent == null ? null : child(parent, name);
    return e == null ? null : e.getTextContent();
  }

  static @Nullable String text(@Nullable Element parent, String name) {
    Element e = parent == null ? null : child(parent, name);
    return e == null ? null : e.getTextContent().trim();
  }
}
